// The baseline for ingest: DuckDB's own appender fed rows that are already decoded, into
// a table that already has every column. Nothing in Flashlight's ingest path can be
// faster than this; we report how close we come.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BOOLEAN,
  BIGINT,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBInstance,
  TIMESTAMP,
  VARCHAR,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { WideEvent } from '@flashlight/server';

const CHUNK_ROWS = 2048;

interface Column {
  name: string;
  type: DuckDBType;
  sql: string;
}

function columnsOf(events: WideEvent[]): Column[] {
  const types = new Map<string, Column>();
  for (const event of events) {
    for (const [name, value] of Object.entries(event.fields)) {
      // An integer field that later holds a fraction is a DOUBLE, as the store widens it.
      if (types.get(name)?.type === BIGINT && typeof value === 'number' && !Number.isInteger(value)) types.set(name, { name, type: DOUBLE, sql: 'DOUBLE' });
      if (types.has(name)) continue;
      const [type, sql] =
        typeof value === 'boolean'
          ? [BOOLEAN, 'BOOLEAN']
          : typeof value === 'string'
            ? [VARCHAR, 'VARCHAR']
            : Number.isInteger(value)
              ? [BIGINT, 'BIGINT']
              : [DOUBLE, 'DOUBLE'];
      types.set(name, { name, type, sql });
    }
  }
  return [...types.values()];
}

/** Appends `events` (repeated `repeat` times) with data chunks, committing once; returns rows/s. */
export async function bareAppenderRowsPerSecond(events: WideEvent[], repeat: number): Promise<number> {
  return (await bareAppender(events, repeat)).rowsPerSecond;
}

export interface BareAppenderResult {
  rowsPerSecond: number;
  /** The checkpointed file's size per row: the same rows as one plain table. */
  bytesPerRow: number;
}

/** As bareAppenderRowsPerSecond, with the file size the rows took. */
export async function bareAppender(events: WideEvent[], repeat: number): Promise<BareAppenderResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-bare-'));
  const instance = await DuckDBInstance.create(path.join(dir, 'bare.duckdb'));
  const connection = await instance.connect();
  try {
    const columns = columnsOf(events);
    const ddl = columns.map((c, i) => `c${i} ${c.sql}`).join(', ');
    await connection.run(`CREATE TABLE spans (ts TIMESTAMP, sample_rate DOUBLE, ${ddl})`);
    // Pre-build the column vectors outside the timed part: the baseline measures DuckDB alone.
    const chunks: DuckDBValue[][][] = [];
    for (let start = 0; start < events.length; start += CHUNK_ROWS) {
      const slice = events.slice(start, start + CHUNK_ROWS);
      chunks.push([
        slice.map((e) => new DuckDBTimestampValue(BigInt(Math.trunc(e.timeUs)))),
        slice.map((e) => e.sampleRate),
        ...columns.map((c) => slice.map((e) => toValue(e.fields[c.name], c.type))),
      ]);
    }
    const types = [TIMESTAMP, DOUBLE, ...columns.map((c) => c.type)];
    const started = performance.now();
    const appender = await connection.createAppender('spans');
    for (let r = 0; r < repeat; r++) {
      for (const vectors of chunks) {
        const chunk = DuckDBDataChunk.create(types, vectors[0].length);
        chunk.setColumns(vectors);
        appender.appendDataChunk(chunk);
      }
    }
    appender.closeSync();
    await connection.run('CHECKPOINT');
    const seconds = (performance.now() - started) / 1000;
    const rows = events.length * repeat;
    return { rowsPerSecond: rows / seconds, bytesPerRow: (await stat(path.join(dir, 'bare.duckdb'))).size / rows };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

function toValue(value: unknown, type: DuckDBType): DuckDBValue {
  if (value === undefined) return null;
  if (type === BIGINT) return BigInt(value as number);
  return value as DuckDBValue;
}
