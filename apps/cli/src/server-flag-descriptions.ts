// What each server setting does, as `flashlight serve --help` says it, with its default
// and its environment variable. A new setting without a description fails typecheck.
import { ServerConfigSchema, envVarName, type ServerConfig } from '@flashlight/server/config';

export type FlagSetting = Exclude<keyof ServerConfig, 'quiet'>;

const DESCRIPTIONS: Record<FlagSetting, string> = {
  host: 'address to listen on; beyond loopback an API key must exist first',
  port: 'port for everything: OTLP/HTTP, events API, query API and UI (0 picks a free one)',
  grpcPort: 'OTLP/gRPC port, "off" for none (the default yields, saying so, when taken)',
  dataDir: 'directory of the DuckDB file and the control store',
  maxBodyBytes: 'largest request body, in bytes, after decompression',
  maxColumnsPerDataset: 'fields one dataset keeps as columns; more go to meta.overflow',
  newColumnsPerKeyPerDay: 'new columns one API key may add to one dataset per day; more go to meta.overflow',
  maxIngestBytesInFlight: 'request bytes ingest holds at once before it answers 429',
  maxPendingEvents: 'events waiting for commit before ingest answers 429',
  maxIngestWaitMs: 'ingest answers 429 while the median request in flight has waited longer',
  maxEventLoopLagMs: 'ingest answers 429 while the event loop runs this late (saturated)',
  memoryLimit: 'memory the server may hold for ingest, commits, queries and exports (e.g. 1GiB, 2GiB; at least 768MiB)',
  maxApiBodyBytes: 'largest body of an API request (queries, keys), in bytes',
  corsOrigins: 'origins whose pages may send browser telemetry, comma-separated ("*" for any)',
  keyRequestsPerSecond: 'requests per second one API key may make',
  keyEventsPerSecond: 'events per second one API key may send',
  maxConcurrentQueries: 'queries at once; more get 503 + Retry-After',
  queryTimeoutMs: 'a query running longer gets 503',
  store: 'where events live: duckdb (embedded file) or clickhouse',
  clickhouseUrl: "ClickHouse HTTP URL; with a cluster, every shard's, comma-separated",
  clickhouseCluster: 'ClickHouse cluster (remote_servers) to shard over',
  clickhouseDatabase: 'ClickHouse database',
  retention: 'drop events older than this (30d, 36h), checked at start and hourly',
  maxEventAge: 'ingest refuses events older than this (30d, 36h); unset: back to 1970, or the retention',
  maxEventFuture: 'ingest refuses events further ahead than this (e.g. 1h); unset: a day',
  selfTelemetry: 'true: record a sample of the server\'s own work in the "flashlight" dataset',
  selfTelemetryIntervalMs: 'how often that sample is taken',
  watch: 'false: no watcher (every minute it looks for changes on its own and records findings)',
  findingsWebhooks: 'webhooks told when a finding opens and when it recovers, comma-separated URLs',
};

const MIB = 1024 * 1024;

/** The default as a user would write it: `16 MiB`, `4318`, or `unset`. */
function defaultText(setting: FlagSetting): string {
  const parsed = ServerConfigSchema.shape[setting].safeParse(undefined);
  const value: unknown = parsed.success ? parsed.data : undefined;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    return setting === 'corsOrigins' ? 'none; any origin when running open on loopback' : 'unset';
  }
  if ((setting.includes('Bytes') || setting === 'memoryLimit') && typeof value === 'number' && value % MIB === 0) return `${value / MIB} MiB`;
  return String(value);
}

/** `address to listen on (default: 127.0.0.1; env FLASHLIGHT_HOST)`. */
export function serverFlagDescription(setting: FlagSetting): string {
  return `${DESCRIPTIONS[setting]} (default: ${defaultText(setting)}; env ${envVarName(setting)})`;
}
