// The flags of every command that runs a Flashlight server (`serve`, `demo`): one per
// server setting, named from the setting itself, and the shared way of running a server
// until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { ConfigError, ServerConfigSchema, flagName, type ServerConfigInput } from '@flashlight/server/config';
import { serverFlagDescription, type FlagSetting } from './server-flag-descriptions.ts';

/** Settings that are not for the command line. */
const NOT_FLAGS = new Set(['quiet']);
const SETTINGS = Object.keys(ServerConfigSchema.shape).filter((key) => !NOT_FLAGS.has(key)) as FlagSetting[];

/** Commander's name for a flag's value: `--max-body-bytes` → `maxBodyBytes`. */
const optionKey = (flag: string) => flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function addServerOptions(command: Command): Command {
  for (const key of SETTINGS) command.option(`${flagName(key)} <value>`, serverFlagDescription(key));
  return command;
}

export function serverFlags(options: Record<string, unknown>): ServerConfigInput {
  return Object.fromEntries(SETTINGS.map((key) => [key, options[optionKey(flagName(key))]]).filter(([, v]) => v !== undefined)) as ServerConfigInput;
}

/** Starts what `start` starts; on SIGINT/SIGTERM runs its stop function and exits. */
export async function runUntilSignal(command: string, start: () => Promise<() => Promise<void>>): Promise<void> {
  let stopFn: () => Promise<void>;
  try {
    stopFn = await start();
  } catch (error) {
    // A start that fails (bad setting, port in use, data directory locked) says why in one line.
    process.stderr.write(`flashlight ${command}: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
  const stop = async () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await stopFn();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
