// The Store contract on a real ClickHouse: what goes in comes back, new fields become
// columns, type conflicts follow the same rules as on DuckDB, hostile field names stay
// data, traces are found, servers sharing a database converge, retention drops old days.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startClickHouse } from '../../testing/clickhouse-server.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../../testing/clickhouse-database.ts';
import { readEvents } from '../read-events.ts';
import { openDuckDbStore } from '../duckdb/index.ts';
import { StoreOverloadedError, type Store } from '../store.ts';
import type { WideEvent } from '../../events/wide-event.ts';
import { getTrace } from '../../traces/get-trace.ts';
import { runQuery } from '../../query/run-query.ts';
import { dropExpiredPartitions, openClickHouseStore } from './index.ts';
import { ClickHouseNodes } from './clickhouse-nodes.ts';
import { ClickHouseHttp } from './clickhouse-http.ts';

const log = { info() {}, warn() {}, error() {} };
const limits = { maxColumnsPerDataset: 100, maxPendingEvents: 100_000, log };
const T0 = 1_800_000_000_000_000; // µs
const at = (i: number, fields: WideEvent['fields'], sampleRate = 1): WideEvent => ({ timeUs: T0 + i * 1_000_000, sampleRate, fields });

let clickhouse: ClickHouseDatabase;
let dataDir: string;
const databases: ClickHouseDatabase[] = [];
const opened: Store[] = [];

/** A database of its own on the same ClickHouse node. */
async function newDatabase(): Promise<string> {
  const created = await createClickHouseDatabase();
  databases.push(created);
  return created.database;
}

/** A ClickHouse store on a database of its own, and a DuckDB store to compare it with. */
async function openPair(maxColumnsPerDataset = limits.maxColumnsPerDataset) {
  const database = await newDatabase();
  const clickHouse = await openClickHouseStore({ url: clickhouse.urls, database, ...limits, maxColumnsPerDataset });
  const duckdb = await openDuckDbStore({ dataDir: path.join(dataDir, database), ...limits, maxColumnsPerDataset });
  opened.push(clickHouse, duckdb);
  return { clickHouse, duckdb, database };
}

async function appendBoth(pair: { clickHouse: Store; duckdb: Store }, dataset: string, events: WideEvent[]) {
  const results = [];
  for (const store of [pair.clickHouse, pair.duckdb]) results.push(await store.append({ environment: 'prod', dataset, events }));
  expect(results[0]).toEqual(results[1]);
  return results[0];
}

async function expectSameEvents(pair: { clickHouse: Store; duckdb: Store }, dataset: string) {
  const expected = await readEvents(pair.duckdb, 'prod', dataset);
  expect(await readEvents(pair.clickHouse, 'prod', dataset)).toEqual(expected);
  const columns = async (s: Store) => (await s.columns('prod', dataset)).map(({ name, type }) => ({ name, type })).sort((a, b) => a.name.localeCompare(b.name));
  expect(await columns(pair.clickHouse)).toEqual(await columns(pair.duckdb));
  return expected;
}

beforeAll(async () => {
  clickhouse = await createClickHouseDatabase();
  databases.push(clickhouse);
  dataDir = await mkdtemp(path.join(tmpdir(), 'flashlight-ch-contract-'));
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await Promise.all(databases.map((d) => d.drop()));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the ClickHouse store', () => {
  test('stores events of every field type and reads them back as sent; new fields become columns', async () => {
    const pair = await openPair();
    const first = [at(0, { name: 'GET /', duration_ms: 12.5, 'http.status_code': 200, error: false }, 10), at(1, { name: 'POST /cart', error: true })];
    expect(await appendBoth(pair, 'api', first)).toEqual({ stored: 2, warnings: [] });
    await appendBoth(pair, 'api', [at(2, { 'user.id': 'u1', 'db.rows': 3 })]);
    const events = await expectSameEvents(pair, 'api');
    expect(events).toEqual([...first, at(2, { 'user.id': 'u1', 'db.rows': 3 })]);
    expect((await pair.clickHouse.datasets('prod')).map((d) => d.name)).toEqual(['api']);
    expect(await pair.clickHouse.datasets('staging')).toEqual([]);
  });

  test('concurrent appends are group-committed: many answered by few inserts', async () => {
    const { clickHouse } = await openPair();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => clickHouse.append({ environment: 'prod', dataset: 'api', events: [at(i, { i })] })));
    expect(results.every((r) => r.stored === 1)).toBe(true);
    expect((clickHouse as unknown as { commits: number }).commits).toBeLessThan(10);
    expect(await readEvents(clickHouse, 'prod', 'api')).toHaveLength(40);
  });

  test('type conflicts: companions, widening and canonical strings, as on DuckDB', async () => {
    const pair = await openPair();
    await appendBoth(pair, 'api', [at(0, { status: 200, flag: true, ratio: 1 }), at(1, { status: 'oops', flag: 3, ratio: 'x' })]);
    await appendBoth(pair, 'api', [at(2, { status: '404', flag: 'false', ratio: 0.5 }), at(3, { status: 2.5 })]);
    await appendBoth(pair, 'web', [at(4, { status: 201 })]);
    const events = await expectSameEvents(pair, 'api');
    expect(events[1].fields).toEqual({ 'status::string': 'oops', 'flag::integer': 3, 'ratio::string': 'x' });
    expect((await pair.clickHouse.columns('prod', 'api')).find((c) => c.name === 'status')?.type).toBe('float');
    await expectSameEvents(pair, 'web');
  });

  test('hostile field and dataset names are data: stored, read back and queried', async () => {
    const pair = await openPair();
    const names = ['`; DROP TABLE fl_fields; --', "it's", 'back\\slash', 'nul\0byte', 'ts', 'sample_rate', '😀', 'x'.repeat(2000), '\n\t', 'a.b.c'];
    const events = names.map((name, i) => at(i, { [name]: `value of ${i}`, n: i }));
    await appendBoth(pair, "data'set`\\", events);
    expect(await expectSameEvents(pair, "data'set`\\")).toEqual(events);
    for (const name of names) {
      const spec = {
        calculations: [{ op: 'COUNT' }],
        breakdowns: [name],
        filters: [{ column: name, op: 'exists' }],
        start_time: T0 / 1e6,
        end_time: T0 / 1e6 + 60,
      };
      const result = await runQuery(pair.clickHouse, 'prod', "data'set`\\", spec, new Date(T0 / 1000 + 60_000));
      expect(result).toEqual(await runQuery(pair.duckdb, 'prod', "data'set`\\", spec, new Date(T0 / 1000 + 60_000)));
      expect(result.data.results).toHaveLength(1);
    }
  });

  test('values that bend a TabSeparated line are stored as they came', async () => {
    const pair = await openPair();
    const values = ['a\tb', 'line\nbreak', 'cr\r\n', '\\N', '\\', 'nul\0byte', '', "it's", '\\t not a tab', '😀'];
    const events = values.map((value, i) => at(i, { text: value, flag: i % 2 === 0, n: i / 4 }));
    await appendBoth(pair, 'api', events);
    expect(await expectSameEvents(pair, 'api')).toEqual(events);
  });

  test('lone surrogates in names and values are stored as U+FFFD, as on DuckDB', async () => {
    const pair = await openPair();
    await appendBoth(pair, 'api\uD800', [at(0, { 'name\uDC00': 'value\uD83D', 'trace.trace_id': 'id\uDFFF' })]);
    expect(await expectSameEvents(pair, 'api\uFFFD')).toEqual([at(0, { 'name\uFFFD': 'value\uFFFD', 'trace.trace_id': 'id\uFFFD' })]);
    expect(await pair.clickHouse.findTrace('prod', 'id\uFFFD')).toHaveLength(1);
  });

  test('a dataset 700 columns wide, on two shards, takes commits that name every column', async () => {
    // Such an INSERT's column list once went in the URL, past what ClickHouse reads of it.
    const cluster = await createClickHouseDatabase({ shards: 2 });
    databases.push(cluster);
    const store = await openClickHouseStore({ url: cluster.urls, cluster: cluster.cluster, database: cluster.database, ...limits, maxColumnsPerDataset: 1000 });
    opened.push(store);
    const attributes = (i: number, from: number, to: number) =>
      at(i, Object.fromEntries(Array.from({ length: to - from }, (_, k) => [`attr.${from + k}`, (from + k) % 3 === 0 ? (from + k) * i : `v${i}.${from + k}`])));
    // A request adds at most 250 columns: three widen the table, then each event has them all.
    const events = [
      attributes(0, 0, 250),
      attributes(1, 250, 500),
      attributes(2, 500, 700),
      ...Array.from({ length: 20 }, (_, i) => attributes(i + 3, 0, 700)),
    ];
    for (const event of events.slice(0, 3))
      expect(await store.append({ environment: 'prod', dataset: 'wide', events: [event] })).toEqual({ stored: 1, warnings: [] });
    expect(await store.append({ environment: 'prod', dataset: 'wide', events: events.slice(3) })).toEqual({ stored: 20, warnings: [] });
    expect(await readEvents(store, 'prod', 'wide')).toEqual(events);
    expect(await store.columns('prod', 'wide')).toHaveLength(700);
  });

  test('past the column limit, fields go to the overflow field with a warning', async () => {
    const pair = await openPair(16);
    const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field.${i}`, i]));
    const result = await appendBoth(pair, 'api', [at(0, wide)]);
    expect(result.warnings[0]).toMatch(/limit of 16 columns/);
    await expectSameEvents(pair, 'api');
  });

  test('finds a trace through the trace index, in each dataset, with its time range', async () => {
    const pair = await openPair();
    const span = (i: number, id: string, parent?: string) =>
      at(i, { 'trace.trace_id': 'abc123', 'trace.span_id': id, ...(parent ? { 'trace.parent_id': parent } : {}), name: `span ${id}`, duration_ms: 5 });
    await appendBoth(pair, 'frontend', [span(10, 's1')]);
    await appendBoth(pair, 'api', [span(11, 's2', 's1'), span(12, 's3', 's2'), at(13, { 'trace.trace_id': 'other' })]);
    const locations = await pair.clickHouse.findTrace('prod', 'abc123');
    expect(locations.map(({ dataset, minTimeUs, maxTimeUs }) => ({ dataset, minTimeUs, maxTimeUs }))).toEqual([
      { dataset: 'frontend', minTimeUs: T0 + 10e6, maxTimeUs: T0 + 10e6 },
      { dataset: 'api', minTimeUs: T0 + 11e6, maxTimeUs: T0 + 12e6 },
    ]);
    expect(await pair.clickHouse.findTrace('prod', "abc123' OR '1'='1")).toEqual([]);
    expect(await getTrace(pair.clickHouse, 'prod', 'abc123')).toEqual(await getTrace(pair.duckdb, 'prod', 'abc123'));
  });

  test('two servers on one database meeting the same new field with different types converge', async () => {
    const database = await newDatabase();
    // Both open before either writes: b still believes `shared` is new when it writes.
    const [a, b] = await Promise.all([0, 1].map(() => openClickHouseStore({ url: clickhouse.urls, database, ...limits })));
    opened.push(a, b);
    await a.append({ environment: 'prod', dataset: 'api', events: [at(0, { shared: 1, only_a: 'a' })] });
    await b.append({ environment: 'prod', dataset: 'api', events: [at(1, { shared: 'one', only_b: true })] });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the catalog's refresh age
    const [fromA, fromB] = await Promise.all([readEvents(a, 'prod', 'api'), readEvents(b, 'prod', 'api')]);
    expect(fromA).toEqual(fromB);
    // a registered `shared` as an integer first; b's compare-and-set failed, so its text
    // went to the companion field, as if one server had written both.
    expect(fromA.map((e) => e.fields)).toEqual([
      { shared: 1, only_a: 'a' },
      { 'shared::string': 'one', only_b: true },
    ]);
  });

  test('servers racing to register the same fields lose no value', async () => {
    const database = await newDatabase();
    const servers = await Promise.all([0, 1, 2].map(() => openClickHouseStore({ url: clickhouse.urls, database, ...limits })));
    opened.push(...servers);
    await Promise.all(
      servers.map((s, i) => s.append({ environment: 'prod', dataset: 'api', events: [at(i, { race: i === 1 ? 'text' : i, [`own.${i}`]: i })] })),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const events = await readEvents(servers[0], 'prod', 'api');
    expect(await readEvents(servers[2], 'prod', 'api')).toEqual(events);
    expect(events.map((e) => e.fields[`own.${e.timeUs === T0 ? 0 : e.timeUs === T0 + 1e6 ? 1 : 2}`])).toEqual([0, 1, 2]);
    // Whichever type won, each value is in `race` (converted losslessly) or its companion.
    expect(events.map((e) => String(e.fields.race ?? e.fields['race::string'] ?? e.fields['race::integer']))).toEqual(['0', 'text', '2']);
  });

  test('a field one server widens in its dataset stays as it was in the datasets another made, and both read them together', async () => {
    const database = await newDatabase();
    const [a, b] = await Promise.all([0, 1].map(() => openClickHouseStore({ url: clickhouse.urls, database, ...limits })));
    opened.push(a, b);
    const append = (store: Store, dataset: string, x: number, i: number) => store.append({ environment: 'prod', dataset, events: [at(i, { x })] });
    await append(a, 'd1', 1, 0);
    await append(b, 'd2', 2, 1);
    await append(a, 'd1', 2.5, 2); // a widens x in d1; it has never heard of d2
    await append(b, 'd3', 3, 3); // b makes x an integer in d3, as its first value says
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const spec = { calculations: [{ op: 'SUM', column: 'x' }], start_time: T0 / 1e6, end_time: T0 / 1e6 + 60 };
    for (const store of [a, b]) {
      const result = await runQuery(store, 'prod', '__all__', spec, new Date(T0 / 1000 + 60_000));
      expect(result.data.results).toEqual([{ data: { 'SUM(x)': 8.5 } }]);
      expect((await store.columns('prod', 'd1')).map((c) => c.type)).toEqual(['float']);
      expect((await store.columns('prod', 'd3')).map((c) => c.type)).toEqual(['integer']);
    }
  });

  test('with ClickHouse down, appends are refused as for a full queue, so senders retry', async () => {
    const own = await startClickHouse();
    const store = await openClickHouseStore({ url: own.urls, ...limits });
    try {
      await store.append({ environment: 'prod', dataset: 'api', events: [at(0, { n: 1 })] });
      await own.stop();
      const refused = store.append({ environment: 'prod', dataset: 'api', events: [at(1, { n: 2 })] });
      await expect(refused).rejects.toBeInstanceOf(StoreOverloadedError);
      await expect(refused).rejects.toThrow(/ClickHouse cannot take this now; retry in 5s/);
    } finally {
      await store.close();
      await own.stop();
    }
  });

  test('64-bit integers come back as numbers when exact, else as decimal text, as on DuckDB', async () => {
    const { clickHouse, duckdb } = await openPair();
    const sql = 'SELECT CAST(9007199254740993 AS BIGINT) AS big, CAST(42 AS BIGINT) AS small, CAST(NULL AS Nullable(BIGINT)) AS none';
    expect(await clickHouse.query(sql.replaceAll('BIGINT', 'Int64'), [])).toEqual([{ big: '9007199254740993', small: 42, none: null }]);
    expect(await duckdb.query(sql.replace('Nullable(BIGINT)', 'BIGINT'), [])).toEqual([{ big: '9007199254740993', small: 42, none: null }]);
  });

  test('an error after the first rows of an answer is an error, not a garbled answer', async () => {
    const { clickHouse } = await openPair();
    await expect(clickHouse.query('SELECT throwIf(number = 200000) AS x FROM system.numbers LIMIT 300000', [])).rejects.toThrow(
      /failed while answering: [\s\S]*Code: 395/,
    );
  });

  test('ClickHouse itself stops a query that outlives the query timeout', async () => {
    const store = await openClickHouseStore({ url: clickhouse.urls, database: await newDatabase(), ...limits, queryTimeoutMs: 1000 });
    opened.push(store);
    await expect(store.query('SELECT count() AS n FROM system.numbers WHERE sleepEachRow(0) = 0', [])).rejects.toThrow(/Timeout exceeded/);
  });

  test('retention drops the days wholly older than the window, from events and the trace index', async () => {
    const { clickHouse, database } = await openPair();
    const DAY_US = 86_400e6;
    const now = T0 / 1000;
    const old = [at(0, { 'trace.trace_id': 'old' })].map((e) => ({ ...e, timeUs: T0 - 3 * DAY_US }));
    const recent = [at(0, { 'trace.trace_id': 'new' })].map((e) => ({ ...e, timeUs: T0 - DAY_US / 2 }));
    await clickHouse.append({ environment: 'prod', dataset: 'api', events: [...old, ...recent] });
    const nodes = new ClickHouseNodes([new ClickHouseHttp(clickhouse.urls, { database })], undefined, database);
    expect(await dropExpiredPartitions(nodes, (2 * DAY_US) / 1000, now)).toBe(2);
    expect((await readEvents(clickHouse, 'prod', 'api')).map((e) => e.fields['trace.trace_id'])).toEqual(['new']);
    expect(await clickHouse.findTrace('prod', 'old')).toEqual([]);
    expect(await clickHouse.findTrace('prod', 'new')).toHaveLength(1);
  });

  test('a store opened with a retention drops expired days at start', async () => {
    const database = await newDatabase();
    const now = Date.now() * 1000;
    const writer = await openClickHouseStore({ url: clickhouse.urls, database, ...limits });
    opened.push(writer);
    await writer.append({
      environment: 'prod',
      dataset: 'api',
      events: [
        { ...at(0, { age: 'old' }), timeUs: now - 10 * 86_400e6 },
        { ...at(0, { age: 'new' }), timeUs: now },
      ],
    });
    const retaining = await openClickHouseStore({ url: clickhouse.urls, database, ...limits, retentionMs: 3 * 86_400_000 });
    opened.push(retaining);
    await expect.poll(async () => (await readEvents(retaining, 'prod', 'api')).map((e) => e.fields.age), { timeout: 60_000 }).toEqual(['new']);
  });
});
