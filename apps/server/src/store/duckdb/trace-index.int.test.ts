// The DuckDB trace index: keys are safe integers that tell ids apart, and a file written
// when the index held the ids themselves is upgraded on open, its traces still found.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { DATABASE_FILE, openDuckDbStore } from './index.ts';
import { TRACE_INDEX_TABLE, traceKey } from './trace-index.ts';

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

it('upgrades an index that holds the ids themselves, and finds the traces in it', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-trace-index-'));
  dirs.push(dataDir);
  const T0 = Date.UTC(2026, 0, 1) * 1000;
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

  // The index as files before the keys had it: one row per trace, table and commit, by id.
  const instance = await DuckDBInstance.create(path.join(dataDir, DATABASE_FILE));
  const connection = await instance.connect();
  await connection.run(`DROP TABLE ${TRACE_INDEX_TABLE}`);
  await connection.run(`CREATE TABLE ${TRACE_INDEX_TABLE} (environment VARCHAR NOT NULL, trace_id VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL, min_ts BIGINT NOT NULL, max_ts BIGINT NOT NULL)`);
  await connection.run(`INSERT INTO ${TRACE_INDEX_TABLE} VALUES ('prod', 'abc', '${table}', ${T0}, ${T0 + 500}), ('prod', 'gone', '${table}', ${T0}, ${T0})`);
  connection.closeSync();
  instance.closeSync();

  const store = await openDuckDbStore(options(dataDir));
  try {
    expect(await store.findTrace('prod', 'abc')).toEqual([{ dataset: 'api', table, minTimeUs: T0, maxTimeUs: T0 + 500 }]);
    expect(await store.findTrace('prod', 'gone')).toHaveLength(1);
    expect(await store.findTrace('prod', 'missing')).toEqual([]);
    const columns = await store.query(`SELECT column_name FROM duckdb_columns() WHERE table_name = '${TRACE_INDEX_TABLE}' ORDER BY column_index`, []);
    expect(columns.map((c) => c.column_name)).toEqual(['environment', 'trace_key', 'table_name', 'min_ts', 'max_ts']);
  } finally {
    await store.close();
  }
});
