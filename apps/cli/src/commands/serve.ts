// `flashlight serve`: runs the server until SIGINT/SIGTERM, then flushes and stops.
import type { Command } from 'commander';
import { ConfigError, startServer } from '@flashlight/server';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run Flashlight: OTLP/HTTP, events API, query API and UI on one port')
    .option('--port <port>', 'port to listen on (FLASHLIGHT_PORT)', undefined)
    .option('--host <host>', 'address to listen on (FLASHLIGHT_HOST)', undefined)
    .option('--data <dir>', 'data directory for the embedded store (FLASHLIGHT_DATA_DIR)', undefined)
    .option('--max-body-bytes <n>', 'largest accepted request body (FLASHLIGHT_MAX_BODY_BYTES)')
    .option('--max-columns-per-dataset <n>', 'most fields one dataset keeps as columns (FLASHLIGHT_MAX_COLUMNS_PER_DATASET)')
    .option('--max-pending-events <n>', 'events waiting for commit before ingest answers 429 (FLASHLIGHT_MAX_PENDING_EVENTS)')
    .option('--store <engine>', 'where events live: duckdb or clickhouse (FLASHLIGHT_STORE)')
    .option('--clickhouse-url <urls>', "ClickHouse HTTP URL; with a cluster, every shard's, comma-separated (FLASHLIGHT_CLICKHOUSE_URL)")
    .option('--clickhouse-cluster <name>', 'ClickHouse cluster to shard over (FLASHLIGHT_CLICKHOUSE_CLUSTER)')
    .option('--clickhouse-database <name>', 'ClickHouse database (FLASHLIGHT_CLICKHOUSE_DATABASE)')
    .option('--retention <duration>', 'drop events older than this, e.g. 30d; ClickHouse only (FLASHLIGHT_RETENTION)')
    .action(async (options) => {
      try {
        const server = await startServer({
          port: options.port,
          host: options.host,
          dataDir: options.data,
          maxBodyBytes: options.maxBodyBytes,
          maxColumnsPerDataset: options.maxColumnsPerDataset,
          maxPendingEvents: options.maxPendingEvents,
          store: options.store,
          clickhouseUrl: options.clickhouseUrl,
          clickhouseCluster: options.clickhouseCluster,
          clickhouseDatabase: options.clickhouseDatabase,
          retention: options.retention,
        });
        const stop = async () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          await server.close();
          process.exit(0);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`flashlight serve: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
    });
}
