// Runs `flashlight serve` as a child process, as users do, so tests can kill it with
// SIGKILL and see what survives.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Where the suite's global setup puts the `flashlight` command it compiled from the sources for the run. */
export const COMPILED_CLI_ENV = 'FLASHLIGHT_COMPILED_CLI';

/**
 * The `flashlight` command that tests run: the sources as compiled once for the whole run
 * (compiled-cli-global-setup.ts), which starts in half the time; outside a vitest run, the
 * bin, which compiles them on every start.
 */
export const FLASHLIGHT_CLI = process.env[COMPILED_CLI_ENV] || fileURLToPath(new URL('../../../cli/bin/flashlight.js', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

export interface StartingServerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Resolves with the first match of `pattern` in the server's log; rejects if it exits first. */
  logged(pattern: RegExp): Promise<RegExpExecArray>;
}

/** A `flashlight serve` child, from the moment it is spawned; `nodeArgs` go to Node itself (e.g. `--cpu-prof`). */
export function spawnServerProcess(dataDir: string, extraArgs: string[] = [], nodeArgs: string[] = []): StartingServerProcess {
  const child = spawn(process.execPath, [...nodeArgs, FLASHLIGHT_CLI, 'serve', '--port', '0', '--data', dataDir, ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, FLASHLIGHT_QUIET: '' },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const logged = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const match = pattern.exec(log);
        if (!match) return false;
        child.stderr!.off('data', look);
        resolve(match);
        return true;
      };
      if (look()) return;
      child.stderr!.on('data', look);
      exited.then((code) => reject(new Error(`flashlight serve exited with ${code} before logging ${pattern}:\n${log}`)));
    });
  return { child, exited, logged };
}

export async function spawnServer(dataDir: string, extraArgs: string[] = [], nodeArgs: string[] = []): Promise<ServerProcess> {
  const starting = spawnServerProcess(dataDir, extraArgs, nodeArgs);
  const [, url] = await starting.logged(/listening on (http:\/\/[^\s"]+)/);
  return { url, child: starting.child, exited: starting.exited };
}
