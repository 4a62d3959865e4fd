// The flags of every command that runs a Flashlight server (`serve`, `demo`), and the
// shared way of running one until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { ConfigError, type ServerConfigInput } from '@flashlight/server';

export function addServerOptions(command: Command): Command {
  return command
    .option('--port <port>', 'port to listen on (FLASHLIGHT_PORT)')
    .option('--grpc-port <port>', 'OTLP/gRPC port, or off (FLASHLIGHT_GRPC_PORT; default 4317)')
    .option('--host <host>', 'address to listen on (FLASHLIGHT_HOST)')
    .option('--data <dir>', 'data directory for the embedded store (FLASHLIGHT_DATA_DIR)')
    .option('--max-body-bytes <n>', 'largest accepted request body (FLASHLIGHT_MAX_BODY_BYTES)')
    .option('--max-columns-per-dataset <n>', 'most fields one dataset keeps as columns (FLASHLIGHT_MAX_COLUMNS_PER_DATASET)')
    .option('--max-pending-events <n>', 'events waiting for commit before ingest answers 429 (FLASHLIGHT_MAX_PENDING_EVENTS)')
    .option('--store <engine>', 'where events live: duckdb or clickhouse (FLASHLIGHT_STORE)')
    .option('--clickhouse-url <urls>', "ClickHouse HTTP URL; with a cluster, every shard's, comma-separated (FLASHLIGHT_CLICKHOUSE_URL)")
    .option('--clickhouse-cluster <name>', 'ClickHouse cluster to shard over (FLASHLIGHT_CLICKHOUSE_CLUSTER)')
    .option('--clickhouse-database <name>', 'ClickHouse database (FLASHLIGHT_CLICKHOUSE_DATABASE)')
    .option('--retention <duration>', 'drop events older than this, e.g. 30d; ClickHouse only (FLASHLIGHT_RETENTION)');
}

export function serverFlags(options: Record<string, string | undefined>): ServerConfigInput {
  return {
    port: options.port,
    grpcPort: options.grpcPort,
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
  } as ServerConfigInput;
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
