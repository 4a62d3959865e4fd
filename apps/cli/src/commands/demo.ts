// `flashlight demo`: Flashlight plus the accidentally distributed shop and its traffic,
// all on loopback, stopped together with Ctrl-C.
import path from 'node:path';
import { Option, type Command } from 'commander';
import { INCIDENTS, isIncident, type IncidentName } from '@flashlight/demo/incidents';
import { DEFAULT_BASE_PORT } from '@flashlight/demo/topology';
import { addServerOptions, runUntilSignal, serverFlags } from '../server-flags.ts';

const integer = (value: string) => Number.parseInt(value, 10);

export function defineCommand(command: Command): void {
  addServerOptions(command)
    .addOption(new Option('--incident <name...>', `incidents to switch on at start: ${Object.keys(INCIDENTS).join(', ')} (default: none)`))
    .option('--no-traffic', 'start the shop without simulated shoppers')
    .option('--shoppers <n>', 'simulated shoppers at once', integer, 4)
    .option('--browsers <n>', 'shoppers in real headless Chromium, where chromium and playwright-core are installed', integer, 1)
    .option('--shop-port <port>', 'first port of the shop', integer, DEFAULT_BASE_PORT)
    .action((options) =>
      runUntilSignal('demo', async () => {
        const incidents = (options.incident ?? []) as string[];
        const unknown = incidents.filter((name) => !isIncident(name));
        if (unknown.length > 0) {
          process.stderr.write(`flashlight demo: unknown incident ${unknown.join(', ')}; one of ${Object.keys(INCIDENTS).join(', ')}\n`);
          process.exit(2);
        }
        const { startDemo } = await import('@flashlight/demo');
        const { startServer } = await import('@flashlight/server');
        const server = await startServer(serverFlags(options));
        const demo = await startDemo({
          flashlightUrl: server.url,
          dataDir: path.join(server.config.dataDir, 'demo'),
          basePort: options.shopPort,
          incidents: incidents as IncidentName[],
          traffic: options.traffic,
          shoppers: options.shoppers,
          browsers: options.browsers,
        });
        process.stderr.write(
          `Open ${server.url} for Flashlight, ${demo.webUrl} for the shop, ${demo.controlUrl} to switch incidents on. Ctrl-C stops everything.\n`,
        );
        return async () => {
          await demo.stop();
          await server.close();
        };
      }),
    );
}
