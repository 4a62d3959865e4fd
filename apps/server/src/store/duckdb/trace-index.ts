// The trace index in the DuckDB file: per trace, table and commit, the time range of the
// trace's events in that table. A trace is keyed by a 53-bit hash of its id, not the id:
// a lookup scans this table, and comparing integers is several times faster than
// comparing 32-character strings (and they take less room). Two ids with the same key
// only make a lookup read a table that then has no events of the trace.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TraceRange } from '../commit-plan.ts';
import { buildChunks, type AppendColumn } from './table-chunks.ts';

export const TRACE_INDEX_TABLE = 'fl_trace_index';

export const TRACE_INDEX_DDL = `CREATE TABLE IF NOT EXISTS ${TRACE_INDEX_TABLE} (
  environment VARCHAR NOT NULL, trace_key BIGINT NOT NULL, table_name VARCHAR NOT NULL,
  min_ts BIGINT NOT NULL, max_ts BIGINT NOT NULL)`;

/** cyrb53: a well-mixed 53-bit hash of the id's UTF-16 code units, a safe integer. */
export function traceKey(traceId: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < traceId.length; i++) {
    const ch = traceId.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The columns of the index rows a commit appends, in the table's order. */
export function traceIndexColumns(traces: readonly TraceRange[]): AppendColumn[] {
  return [
    { kind: 'varchar', values: traces.map((t) => t.environment) },
    { kind: 'int64', values: traces.map((t) => traceKey(t.traceId)) },
    { kind: 'varchar', values: traces.map((t) => t.table) },
    { kind: 'int64', values: traces.map((t) => t.minTimeUs) },
    { kind: 'int64', values: traces.map((t) => t.maxTimeUs) },
  ];
}

/** The statement and parameters that find a trace's tables and time ranges (µs). */
export function findTraceQuery(environment: string, traceId: string): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT table_name, min(min_ts) AS min_ts, max(max_ts) AS max_ts FROM ${TRACE_INDEX_TABLE}
           WHERE trace_key = $1 AND environment = $2 GROUP BY table_name ORDER BY min_ts`,
    // A BIGINT parameter, so the column is compared as it is stored, not cast to DOUBLE.
    params: [BigInt(traceKey(traceId)), environment],
  };
}

/**
 * Files written before the index was keyed by hash hold the ids themselves: their rows
 * are rewritten with keys, in one transaction, when such a file is opened.
 */
export async function upgradeTraceIndex(connection: DuckDBConnection): Promise<void> {
  const idColumn = await connection.runAndReadAll(
    `SELECT 1 FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = '${TRACE_INDEX_TABLE}' AND column_name = 'trace_id'`,
  );
  if (idColumn.currentRowCount === 0) return;
  const old = (await connection.runAndReadAll(`SELECT environment, trace_id, table_name, min_ts, max_ts FROM ${TRACE_INDEX_TABLE}`)).getRowObjectsJS();
  const traces: TraceRange[] = old.map((row) => ({
    environment: String(row.environment),
    traceId: String(row.trace_id),
    table: String(row.table_name),
    minTimeUs: Number(row.min_ts),
    maxTimeUs: Number(row.max_ts),
  }));
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run(`DROP TABLE ${TRACE_INDEX_TABLE}`);
    await connection.run(TRACE_INDEX_DDL);
    const appender = await connection.createAppender(TRACE_INDEX_TABLE);
    try {
      for (const chunk of buildChunks(traces.length, traceIndexColumns(traces))) appender.appendDataChunk(chunk);
    } finally {
      appender.closeSync();
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
