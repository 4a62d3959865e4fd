// The trace index in the DuckDB file: per trace, table and commit, the time range of the
// trace's events in that table. A trace is keyed by a 53-bit hash of its id, not the id:
// comparing integers is several times faster than comparing 32-character strings, and
// they take less room. Two ids with the same key only make a lookup read a table that
// then has no events of the trace. Keys arrive in random order, so no zone map narrows
// a scan: the index is split by key into tables, and a lookup scans only its key's.
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import type { TraceRange } from '../commit-plan.ts';
import { buildChunks, type AppendColumn } from './table-chunks.ts';

/** A lookup scans 1/16 of the index; a commit appends to up to 16 more tables. */
const PARTITIONS = 16;
export const TRACE_INDEX_TABLES = Array.from({ length: PARTITIONS }, (_, p) => `fl_trace_index_${p}`);
const tableOfKey = (key: number) => TRACE_INDEX_TABLES[key % PARTITIONS];
/** The one table of files written before the index was split. */
const UNSPLIT_TABLE = 'fl_trace_index';
const UPGRADE_SLICE_ROWS = 100_000;

/** The index tables, in the main file or, with a qualifying prefix (`db.main.`), in another one. */
export function traceIndexDdl(prefix = ''): string[] {
  return TRACE_INDEX_TABLES.map(
    (table) => `CREATE TABLE IF NOT EXISTS ${prefix}${table} (
       environment VARCHAR NOT NULL, trace_key BIGINT NOT NULL, table_name VARCHAR NOT NULL,
       min_ts BIGINT NOT NULL, max_ts BIGINT NOT NULL)`,
  );
}

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

/** The index rows of a commit as data chunks, per index table they go to. */
export function traceIndexChunks(traces: readonly TraceRange[]): { table: string; chunks: DuckDBDataChunk[] }[] {
  const byTable = new Map<string, { keys: number[]; traces: TraceRange[] }>();
  for (const trace of traces) {
    const key = traceKey(trace.traceId);
    const table = tableOfKey(key);
    let rows = byTable.get(table);
    if (!rows) byTable.set(table, (rows = { keys: [], traces: [] }));
    rows.keys.push(key);
    rows.traces.push(trace);
  }
  return [...byTable].map(([table, rows]) => ({ table, chunks: buildChunks(rows.traces.length, indexColumns(rows.keys, rows.traces)) }));
}

function indexColumns(keys: readonly number[], traces: readonly TraceRange[]): AppendColumn[] {
  return [
    { kind: 'varchar', values: traces.map((t) => t.environment) },
    { kind: 'int64', values: keys },
    { kind: 'varchar', values: traces.map((t) => t.table) },
    { kind: 'int64', values: traces.map((t) => t.minTimeUs) },
    { kind: 'int64', values: traces.map((t) => t.maxTimeUs) },
  ];
}

/**
 * The statement and parameters that find the tables holding any of the traces, with the
 * time range (µs) of those traces' events in each: one read of each index table their
 * keys fall in (at least one trace id).
 */
export function findTracesQuery(environment: string, traceIds: readonly string[]): { sql: string; params: unknown[] } {
  const keysByTable = new Map<string, number[]>();
  for (const key of new Set(traceIds.map(traceKey))) {
    const table = tableOfKey(key);
    keysByTable.set(table, [...(keysByTable.get(table) ?? []), key]);
  }
  // BIGINT parameters, so the column is compared as it is stored, not cast to DOUBLE.
  const params: unknown[] = [environment];
  const reads = [...keysByTable].map(([table, keys]) => {
    const placeholders = keys.map((key) => `$${params.push(BigInt(key))}`);
    return `SELECT table_name, min_ts, max_ts FROM ${table} WHERE environment = $1 AND trace_key IN (${placeholders.join(', ')})`;
  });
  return {
    sql: `SELECT table_name, min(min_ts) AS min_ts, max(max_ts) AS max_ts FROM (${reads.join(' UNION ALL ')}) AS found
           GROUP BY table_name ORDER BY min_ts`,
    params,
  };
}

/**
 * Files written before the index was split hold it in one table, keyed by hash or (older
 * still) by the ids themselves: its rows move to the split tables, in one transaction,
 * when such a file is opened.
 */
export async function upgradeTraceIndex(connection: DuckDBConnection): Promise<void> {
  const columns = (
    await connection.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = '${UNSPLIT_TABLE}'`)
  ).getRowObjectsJS();
  if (columns.length === 0) return;
  await connection.run('BEGIN TRANSACTION');
  try {
    if (columns.some((c) => c.column_name === 'trace_key')) {
      for (const [p, table] of TRACE_INDEX_TABLES.entries()) {
        await connection.run(`INSERT INTO ${table} SELECT * FROM ${UNSPLIT_TABLE} WHERE trace_key % ${PARTITIONS} = ${p}`);
      }
    } else {
      // In slices by row id, so a large index never sits in memory whole.
      const [{ rows }] = (await connection.runAndReadAll(`SELECT max(rowid) + 1 AS rows FROM ${UNSPLIT_TABLE}`)).getRowObjectsJS();
      for (let from = 0; from < Number(rows ?? 0); from += UPGRADE_SLICE_ROWS) {
        const slice = await connection.runAndReadAll(
          `SELECT environment, trace_id, table_name, min_ts, max_ts FROM ${UNSPLIT_TABLE} WHERE rowid >= $1 AND rowid < $2`,
          [from, from + UPGRADE_SLICE_ROWS],
        );
        const traces: TraceRange[] = slice.getRowObjectsJS().map((row) => ({
          environment: String(row.environment),
          traceId: String(row.trace_id),
          table: String(row.table_name),
          minTimeUs: Number(row.min_ts),
          maxTimeUs: Number(row.max_ts),
        }));
        for (const { table, chunks } of traceIndexChunks(traces)) {
          const appender = await connection.createAppender(table);
          try {
            for (const chunk of chunks) appender.appendDataChunk(chunk);
          } finally {
            appender.closeSync();
          }
        }
      }
    }
    await connection.run(`DROP TABLE ${UNSPLIT_TABLE}`);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
