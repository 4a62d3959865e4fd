// `flashlight serve`: runs the server until SIGINT/SIGTERM, then flushes and stops.
import type { Command } from 'commander';
import { addServerOptions, runUntilSignal, serverFlags } from '../server-flags.ts';

export function defineCommand(command: Command): void {
  addServerOptions(command).action((options) =>
    runUntilSignal('serve', async () => {
      const { startServer } = await import('@flashlight/server');
      const server = await startServer(serverFlags(options));
      return () => server.close();
    }),
  );
}
