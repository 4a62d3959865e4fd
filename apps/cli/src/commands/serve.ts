// `flashlight serve`: runs the server until SIGINT/SIGTERM, then flushes and stops.
import type { Command } from 'commander';
import { addServerOptions, runUntilSignal, serverFlags } from '../server-flags.ts';

export function registerServeCommand(program: Command): void {
  addServerOptions(program.command('serve').description('run Flashlight: OTLP/HTTP, events API, query API and UI on one port')).action(
    (options) =>
      runUntilSignal('serve', async () => {
        const { startServer } = await import('@flashlight/server');
        const server = await startServer(serverFlags(options));
        return () => server.close();
      }),
  );
}
