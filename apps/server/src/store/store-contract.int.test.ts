// The Store contract, one suite on every engine: the memory store, a DuckDB file and
// ClickHouse over the test cluster's two shards. What an append promises (committed when
// it resolves, refused at once when the queue is full, refused after close), the field
// types, reading events back and querying them, the catalog, traces, and retention driven
// by a test clock. Engine-specific behaviour stays in each engine's own tests.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { TestClock } from '../clock/test-clock.ts';
import type { DatasetBatch, WideEvent } from '../events/wide-event.ts';
import { runQuery } from '../query/run-query.ts';
import { createClickHouseDatabase } from '../testing/clickhouse-database.ts';
import { openClickHouseStore } from './clickhouse/index.ts';
import { openDuckDbStore } from './duckdb/index.ts';
import { openMemoryStore } from './memory/index.ts';
import { readEvents } from './read-events.ts';
import { RETENTION_INTERVAL_MS } from './retention-schedule.ts';
import { StoreOverloadedError, type Store } from './store.ts';

const log = { info() {}, warn() {}, error() {} };
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface OpenOptions {
  clock: TestClock;
  maxPendingEvents?: number;
  retentionMs?: number;
}

/** One place a store keeps its data (a file, a database), opened as often as a test needs. */
interface Place {
  open(options: OpenOptions): Promise<Store>;
  drop(): Promise<void>;
}

interface Engine {
  name: string;
  /** Whether committed events outlive the store (the memory store's end with it). */
  durable: boolean;
  place(): Promise<Place>;
}

const limits = (options: OpenOptions) => ({ maxColumnsPerDataset: 100, maxPendingEvents: options.maxPendingEvents ?? 100_000, log, ...options });

const ENGINES: Engine[] = [
  {
    name: 'memory',
    durable: false,
    place: async () => ({ open: (options) => openMemoryStore(limits(options)), drop: async () => undefined }),
  },
  {
    name: 'duckdb',
    durable: true,
    place: async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-contract-'));
      return { open: (options) => openDuckDbStore({ dataDir, ...limits(options) }), drop: () => rm(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'clickhouse (two shards)',
    durable: true,
    place: async () => {
      const db = await createClickHouseDatabase({ shards: 2 });
      return {
        open: (options) => openClickHouseStore({ url: db.urls, cluster: db.cluster, database: db.database, ...limits(options) }),
        drop: () => db.drop(),
      };
    },
  },
];

describe.each(ENGINES)('the Store contract on $name', (engine) => {
  const places: Place[] = [];
  const stores: Store[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close().catch(() => undefined)));
    await Promise.all(places.map((place) => place.drop()));
  });

  /** A fresh place and a store open on it, on a test clock. */
  async function fresh(options: Partial<OpenOptions> = {}) {
    const place = await engine.place();
    places.push(place);
    const clock = options.clock ?? new TestClock();
    const open = async (more: Partial<OpenOptions> = {}) => {
      const store = await place.open({ clock, ...options, ...more });
      stores.push(store);
      return store;
    };
    return { clock, store: await open(), open };
  }

  const event = (clock: TestClock, agoMs: number, fields: WideEvent['fields'], sampleRate = 1): WideEvent => ({
    timeUs: (clock.now() - agoMs) * 1000,
    sampleRate,
    fields,
  });
  const batch = (dataset: string, events: WideEvent[], environment = 'prod'): DatasetBatch => ({ environment, dataset, events });

  test('an append resolves once its events are committed: readable at once, in time order, with every field type', async () => {
    const { clock, store, open } = await fresh();
    const events = [
      event(clock, 2000, { name: 'GET /cart', 'http.status_code': 200, duration_ms: 12.5, error: false, 'trace.trace_id': 't1' }),
      event(clock, 3000, { name: 'GET /', 'http.status_code': 500, duration_ms: 3.25, error: true, big: 9007199254740993n }, 10),
      event(clock, 1000, { name: 'log line', message: 'plain event, no span fields' }),
    ];
    expect(await store.append(batch('api', events))).toEqual({ stored: 3, warnings: [] });
    const back = await readEvents(store, 'prod', 'api');
    expect(back).toEqual([events[1], events[0], events[2]]);
    const types = Object.fromEntries((await store.columns('prod', 'api')).map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ name: 'string', 'http.status_code': 'integer', duration_ms: 'float', error: 'boolean', big: 'integer', message: 'string' });
    if (engine.durable) {
      await store.close();
      const reopened = await open();
      expect(await readEvents(reopened, 'prod', 'api')).toEqual(back);
    }
  });

  test('a new key widens the dataset; events from before read it as absent', async () => {
    const { clock, store } = await fresh();
    await store.append(batch('api', [event(clock, 2000, { a: 1 })]));
    await store.append(batch('api', [event(clock, 1000, { a: 2, b: 'new' })]));
    expect((await readEvents(store, 'prod', 'api')).map((e) => e.fields)).toEqual([{ a: 1 }, { a: 2, b: 'new' }]);
  });

  test('queries compiled for the engine run over what was appended, weighed by sample rate', async () => {
    const { clock, store } = await fresh();
    await store.append(
      batch('api', [
        event(clock, 60_000, { route: '/a', ms: 10 }),
        event(clock, 50_000, { route: '/a', ms: 30 }, 4),
        event(clock, 40_000, { route: '/b', ms: 5 }),
      ]),
    );
    const spec = { calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'ms' }], breakdowns: ['route'], orders: [{ column: 'route' }], time_range: 3600 };
    const result = await runQuery(store, 'prod', 'api', spec, new Date(clock.now()));
    expect(result.data.results.map((row) => row.data)).toEqual([
      { route: '/a', COUNT: 5, 'MAX(ms)': 30 },
      { route: '/b', COUNT: 1, 'MAX(ms)': 5 },
    ]);
  });

  test('the catalog: datasets and columns per environment, with times from the clock', async () => {
    const { clock, store } = await fresh();
    const first = clock.now();
    await store.append(batch('api', [event(clock, 0, { a: 1 })]));
    await clock.advance(HOUR_MS);
    await store.append(batch('api', [event(clock, 0, { a: 2, b: true })]));
    await store.append(batch('web', [event(clock, 0, { c: 'x' })], 'staging'));
    const datasets = await store.datasets('prod');
    expect(datasets.map((d) => [d.name, d.createdAt.getTime(), d.lastEventAt?.getTime()])).toEqual([['api', first, clock.now()]]);
    const columns = Object.fromEntries((await store.columns('prod', 'api')).map((c) => [c.name, [c.firstSeen.getTime(), c.lastSeen.getTime()]]));
    expect(columns).toEqual({ a: [first, clock.now()], b: [clock.now(), clock.now()] });
    expect((await store.datasets('staging')).map((d) => d.name)).toEqual(['web']);
    expect(await store.datasets('nowhere')).toEqual([]);
    expect(await store.target('prod', ['missing'])).toBeNull();
    expect((await store.target('prod', '__all__'))?.fields.has('b')).toBe(true);
  });

  test("a trace's spans are found by its id, in each dataset that holds them", async () => {
    const { clock, store } = await fresh();
    await store.append(batch('web', [event(clock, 2000, { 'trace.trace_id': 'abc', 'trace.span_id': 's1' })]));
    await store.append(
      batch('api', [event(clock, 1000, { 'trace.trace_id': 'abc', 'trace.span_id': 's2' }), event(clock, 1000, { 'trace.trace_id': 'other' })]),
    );
    const found = await store.findTrace('prod', 'abc');
    expect(found.map((location) => location.dataset).sort()).toEqual(['api', 'web']);
    expect(await store.findTrace('staging', 'abc')).toEqual([]);
    // Many traces at once: the tables holding any of them.
    expect((await store.findTraces('prod', ['other', 'missing'])).map((location) => location.dataset)).toEqual(['api']);
    expect((await store.findTraces('prod', ['abc', 'other'])).map((location) => location.dataset).sort()).toEqual(['api', 'web']);
    expect(await store.findTraces('prod', [])).toEqual([]);
  });

  test('an empty batch is answered at once and makes no dataset', async () => {
    const { store } = await fresh();
    expect(await store.append(batch('empty', []))).toEqual({ stored: 0, warnings: [] });
    expect(await store.datasets('prod')).toEqual([]);
  });

  test('a full write queue refuses at once, without losing what it holds', async () => {
    const { clock, store } = await fresh({ maxPendingEvents: 10 });
    const held = store.append(
      batch(
        'api',
        Array.from({ length: 10 }, (_, i) => event(clock, i, { i })),
      ),
    );
    await expect(store.append(batch('api', [event(clock, 0, { i: 10 })]))).rejects.toBeInstanceOf(StoreOverloadedError);
    expect((await held).stored).toBe(10);
    expect(await readEvents(store, 'prod', 'api')).toHaveLength(10);
  });

  test('a closed store refuses appends', async () => {
    const { clock, store } = await fresh();
    await store.close();
    await expect(store.append(batch('api', [event(clock, 0, { a: 1 })]))).rejects.toThrow(/closed/);
  });

  test('retention deletes what falls out of the window as the clock moves, and keeps the rest', async () => {
    const { clock, store } = await fresh({ retentionMs: 2 * DAY_MS });
    await store.append(batch('api', [event(clock, 1.5 * DAY_MS, { n: 1, 'trace.trace_id': 'old' }), event(clock, 0, { n: 2, 'trace.trace_id': 'new' })]));
    expect((await readEvents(store, 'prod', 'api')).map((e) => e.fields.n)).toEqual([1, 2]);
    // 47 hours on, the first event is 3.5 days old and the second not yet two: ClickHouse drops
    // whole days, a day after they leave the window, so the first is past it on every engine.
    await clock.advance(2 * DAY_MS - RETENTION_INTERVAL_MS);
    expect((await readEvents(store, 'prod', 'api')).map((e) => e.fields.n)).toEqual([2]);
    expect(await store.findTrace('prod', 'old')).toEqual([]);
  });
});
