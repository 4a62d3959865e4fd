// The one storage interface. Two engines sit behind it: DuckDB (embedded, the default)
// and ClickHouse (scale-out). Everything above it (ingest, queries, traces) is written
// against this interface alone.
import type { FieldType, QueryTarget } from '@flashlight/query';
import type { DatasetBatch } from '../events/wide-event.ts';

export type EngineName = 'duckdb' | 'clickhouse';

export interface AppendResult {
  /** Events committed. */
  stored: number;
  /** Things the caller should tell the sender, e.g. fields over the column limit. */
  warnings: string[];
}

export interface DatasetInfo {
  name: string;
  createdAt: Date;
  lastEventAt: Date | null;
}

export interface ColumnInfo {
  name: string;
  type: FieldType;
  firstSeen: Date;
  lastSeen: Date;
}

/** Where a trace's spans live: which dataset tables, and in which time range (µs). */
export interface TraceLocation {
  dataset: string;
  table: string;
  minTimeUs: number;
  maxTimeUs: number;
}

/**
 * The service map's edge totals (flows/edge-rollup.ts): a table the engine keeps beside its
 * catalog, which the rollup fills and the map reads.
 */
export interface EdgeTotals {
  /** The table's physical name. */
  readonly table: string;
  /** Every environment that has a dataset. */
  environments(): Promise<string[]>;
}

export interface Store {
  readonly engine: EngineName;
  /**
   * A capability some engines have: features ask whether it is there, never which engine
   * runs. Absent where the engine keeps no edge totals (the map is then counted from spans).
   */
  readonly edgeTotals?: EdgeTotals;
  /**
   * Resolves once every event of the batch is committed (durable). Rejects with
   * `StoreOverloadedError` at once, without queueing, when the write queue is full.
   */
  append(batch: DatasetBatch): Promise<AppendResult>;
  datasets(environment: string): Promise<DatasetInfo[]>;
  columns(environment: string, dataset: string): Promise<ColumnInfo[]>;
  /** The tables and fields a query over these datasets reads; null when none exists. */
  target(environment: string, datasets: string[] | '__all__'): Promise<QueryTarget | null>;
  /** Runs compiled SQL of this engine's dialect with positional parameters. */
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  findTrace(environment: string, traceId: string): Promise<TraceLocation[]>;
  /** The tables holding events of any of these traces, each with the time range of those events there. */
  findTraces(environment: string, traceIds: readonly string[]): Promise<TraceLocation[]>;
  /** Flushes pending writes and closes the engine. */
  close(): Promise<void>;
}

/** The write queue is full: the caller should answer 429/503 with Retry-After. */
export class StoreOverloadedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`the store is behind on writes; retry in ${retryAfterSeconds}s`);
    this.name = 'StoreOverloadedError';
  }
}

/**
 * A query needed more memory than the engine may use: the caller answers 503 with
 * Retry-After (memory other queries held may be free by then). The message, from the
 * engine, says which limit it met and how to stay under it.
 */
export class EngineOutOfMemoryError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'EngineOutOfMemoryError';
  }
}
