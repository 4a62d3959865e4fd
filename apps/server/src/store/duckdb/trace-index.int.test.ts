// The DuckDB trace index: keys are safe integers that tell ids apart, and a file written
// when the index was one table (of ids, or of keys) is upgraded on open, its traces still found.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { DATABASE_FILE, openDuckDbStore } from './index.ts';
import { TRACE_INDEX_TABLES, traceKey } from './trace-index.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const options = (dataDir: string) => ({ dataDir, maxColumnsPerDataset: 100, maxPendingEvents: 1000, log: createLogger({ quiet: true }) });

it('keys trace ids by safe integers that differ from id to id', () => {
  const ids = ['4bf92f3577b34da6a3ce929d0e0e4736', '4bf92f3577b34da6a3ce929d0e0e4737', 'abc', 'ABC', '', 'trace\u{1F600}'];
  const keys = ids.map(traceKey);
  for (const key of keys) expect(Number.isSafeInteger(key) && key >= 0).toBe(true);
  expect(new Set(keys).size).toBe(ids.length);
  expect(traceKey('abc')).toBe(keys[2]);
});

/** A store holding one trace of two events in dataset "api"; its table's name. */
async function storeWithTrace(dataDir: string, T0: number): Promise<string> {
  const writer = await openDuckDbStore(options(dataDir));
  await writer.append({
    environment: 'prod',
    dataset: 'api',
    events: [
      { timeUs: T0, sampleRate: 1, fields: { 'trace.trace_id': 'abc', name: 'GET /' } },
      { timeUs: T0 + 500, sampleRate: 1, fields: { 'trace.trace_id': 'abc', name: 'SELECT' } },
    ],
  });
  const table = (await writer.target('prod', ['api']))!.tables[0].table;
  await writer.close();
  return table;
}

/** Replaces the split index with one table of the older layout, keyed as `key` says. */
async function writeUnsplitIndex(dataDir: string, key: 'trace_id VARCHAR' | 'trace_key BIGINT', rows: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(path.join(dataDir, DATABASE_FILE));
  const connection = await instance.connect();
  for (const table of TRACE_INDEX_TABLES) await connection.run(`DROP TABLE ${table}`);
  await connection.run(`CREATE TABLE fl_trace_index (environment VARCHAR NOT NULL, ${key} NOT NULL,
    table_name VARCHAR NOT NULL, min_ts BIGINT NOT NULL, max_ts BIGINT NOT NULL)`);
  await connection.run(`INSERT INTO fl_trace_index VALUES ${rows.join(', ')}`);
  connection.closeSync();
  instance.closeSync();
}

for (const layout of ['the ids themselves', 'their keys in one table'] as const) {
  it(`upgrades an index that holds ${layout}, and finds the traces in it`, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-trace-index-'));
    dirs.push(dataDir);
    const T0 = Date.UTC(2026, 0, 1) * 1000;
    const table = await storeWithTrace(dataDir, T0);
    const id = (traceId: string) => (layout === 'the ids themselves' ? `'${traceId}'` : String(traceKey(traceId)));
    await writeUnsplitIndex(dataDir, layout === 'the ids themselves' ? 'trace_id VARCHAR' : 'trace_key BIGINT', [
      `('prod', ${id('abc')}, '${table}', ${T0}, ${T0 + 500})`,
      `('prod', ${id('gone')}, '${table}', ${T0}, ${T0})`,
    ]);

    const store = await openDuckDbStore(options(dataDir));
    try {
      expect(await store.findTrace('prod', 'abc')).toEqual([{ dataset: 'api', table, minTimeUs: T0, maxTimeUs: T0 + 500 }]);
      expect(await store.findTrace('prod', 'gone')).toHaveLength(1);
      expect(await store.findTrace('prod', 'missing')).toEqual([]);
      const tables = await store.query(
        `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND table_name LIKE 'fl_trace_index%'`,
        [],
      );
      expect(tables.map((t) => t.table_name).sort()).toEqual([...TRACE_INDEX_TABLES].sort());
    } finally {
      await store.close();
    }
  });
}
