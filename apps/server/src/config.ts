// Server configuration: from flags and FLASHLIGHT_* environment variables, parsed once at
// start. A bad setting stops the start with its name and what was expected.
import path from 'node:path';
import { z } from 'zod';

/** A duration setting (`30d`, `36h`), in ms once parsed. */
function duration() {
  return z
    .string()
    .regex(/^[1-9][0-9]*[hd]$/, 'a duration such as 30d or 36h')
    .transform((text) => Number(text.slice(0, -1)) * (text.endsWith('d') ? 86_400_000 : 3_600_000));
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** A size in bytes, as a number or text such as `1GiB`, `512MiB`, `800m`. */
const ByteSizeSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(value.trim());
    return match ? Math.floor(Number(match[1]) * BYTE_UNITS[(match[2] ?? '').toLowerCase()]) : value;
  },
  z.number({ error: 'a size such as 1GiB, 512MiB or 800000000' }),
);

export const ServerConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4318),
  /** OTLP/gRPC port (0 picks a free one, `off` serves none); the default yields with a warning when taken. */
  grpcPort: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(4317),
  dataDir: z.string().min(1).default('./data'),
  /** Largest request body accepted, after decompression. */
  maxBodyBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  /** Most distinct fields one dataset may hold as columns. */
  maxColumnsPerDataset: z.coerce.number().int().min(16).max(10_000).default(1000),
  /**
   * New columns one API key may add to one dataset per day (a rolling budget): a key that
   * sends many requests, each with new names, cannot fill a dataset.
   */
  newColumnsPerKeyPerDay: z.coerce.number().int().min(1).default(500),
  /**
   * Request bytes that ingest holds at once before it answers 429. Decoded events take
   * several times their JSON size: at 128 MiB wide events took the process past 1 GiB.
   */
  maxIngestBytesInFlight: z.coerce
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  /** Events waiting for a commit before ingest answers 429. */
  maxPendingEvents: z.coerce.number().int().positive().default(500_000),
  /** Ingest is refused with 429 while the median request in flight has waited longer. */
  maxIngestWaitMs: z.coerce.number().int().positive().default(2000),
  /** Ingest is refused with 429 while the event loop runs later than this: the server is saturated. */
  maxEventLoopLagMs: z.coerce.number().int().positive().default(1000),
  /**
   * The one memory limit the process stays under (RSS): ingest bodies and their events
   * until committed, query results, export pages, BubbleUp and the engine's own memory
   * all draw from it (hardening/memory-budget.ts).
   */
  memoryLimit: ByteSizeSchema.pipe(
    z
      .number()
      .int()
      .min(768 * 1024 ** 2, 'at least 768MiB'),
  ).default(1024 ** 3),
  /** Largest body of an API request (queries, keys); ingest has maxBodyBytes. */
  maxApiBodyBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Origins whose pages may send telemetry from the browser; comma-separated, `*` for any. */
  corsOrigins: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean)
        : v,
    z.array(z.string().min(1)).default([]),
  ),
  /** Requests per second one API key may make (a second's worth may come at once). */
  keyRequestsPerSecond: z.coerce.number().positive().default(2000),
  /** Events per second one API key may send. */
  keyEventsPerSecond: z.coerce.number().positive().default(500_000),
  /** Queries that run at once; more are refused with 503 + Retry-After. */
  maxConcurrentQueries: z.coerce.number().int().positive().default(4),
  /** A query running longer is answered with 503. */
  queryTimeoutMs: z.coerce.number().int().positive().default(30_000),
  /** Where events live: the embedded DuckDB file, or ClickHouse (docs/clickhouse.md). */
  store: z.enum(['duckdb', 'clickhouse']).default('duckdb'),
  /** ClickHouse's HTTP URL; with a cluster, every shard's URL, comma-separated. */
  clickhouseUrl: z.string().min(1).default('http://127.0.0.1:8123'),
  /** The ClickHouse cluster (`remote_servers`) to shard over; unset for one node. */
  clickhouseCluster: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a cluster name from remote_servers')
    .optional(),
  clickhouseDatabase: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a database name (letters, digits, _)')
    .default('flashlight'),
  /** Events older than this are dropped (`30d`, `36h`; ClickHouse drops whole days); in ms once parsed. Unset keeps all. */
  retention: duration().optional(),
  /** Ingest refuses events older than this (ms once parsed); unset: back to 1970 (or the retention). */
  maxEventAge: duration().optional(),
  /** Ingest refuses events further ahead than this (ms once parsed); unset: a day. */
  maxEventFuture: duration().optional(),
  /** The watcher: every minute it looks for changes on its own and records findings. */
  watch: z.preprocess((v) => (typeof v === 'string' ? ['1', 'true', 'yes'].includes(v.toLowerCase()) : v), z.boolean()).default(true),
  /** Webhooks that hear when a finding opens and when it recovers; comma-separated URLs. */
  findingsWebhooks: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((u) => u.trim())
            .filter(Boolean)
        : v,
    z.array(z.url({ protocol: /^https?$/ })).default([]),
  ),
  /** Samples of the server's own ingest, commits, queue and queries into the `flashlight` dataset. */
  selfTelemetry: z.preprocess((v) => (typeof v === 'string' ? ['1', 'true', 'yes'].includes(v.toLowerCase()) : v), z.boolean()).default(false),
  selfTelemetryIntervalMs: z.coerce.number().int().min(100).default(10_000),
  quiet: z.coerce.boolean().default(false),
});

export type ServerConfig = z.infer<typeof ServerConfigSchema>;
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;

/** Environment variable for each setting: `dataDir` ↔ `FLASHLIGHT_DATA_DIR`. */
export function envVarName(key: string): string {
  return 'FLASHLIGHT_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}

/** Command-line flag for each setting: `maxBodyBytes` ↔ `--max-body-bytes`; `dataDir` is `--data`. */
export function flagName(key: string): string {
  return key === 'dataDir' ? '--data' : '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Flags win over environment variables, which win over defaults. Throws ConfigError
 * naming the flag and the variable of the first bad setting.
 */
export function parseServerConfig(flags: ServerConfigInput, env: Record<string, string | undefined> = process.env): ServerConfig {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(ServerConfigSchema.shape)) {
    const fromFlag = (flags as Record<string, unknown>)[key];
    const fromEnv = env[envVarName(key)];
    if (fromFlag !== undefined) merged[key] = fromFlag;
    else if (fromEnv !== undefined && fromEnv !== '') merged[key] = fromEnv;
  }
  const parsed = ServerConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]);
    throw new ConfigError(`bad setting ${flagName(key)} / ${envVarName(key)} = ${JSON.stringify(merged[key])}: ${issue.message}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.dataDir) };
}
