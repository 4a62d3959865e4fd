// A field's type is its dataset's, as in Honeycomb, on DuckDB and on a two-shard ClickHouse
// cluster: one dataset's text `code` leaves another's integer `code` an integer, each
// answers alone in its own type, and queried together (`__all__`) every table's column
// is read as one type. A store written when types were kept per environment opens with a
// log line and keeps answering as before.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WideEvent } from '../events/wide-event.ts';
import type { Logger } from '../logger.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../testing/clickhouse-database.ts';
import { ClickHouseHttp } from './clickhouse/clickhouse-http.ts';
import { FIELD_TYPES_TABLE } from './clickhouse/catalog-tables.ts';
import { openClickHouseStore } from './clickhouse/index.ts';
import { clickHouseNaming } from './clickhouse/names.ts';
import { openDuckDbStore } from './duckdb/index.ts';
import { readEvents } from './read-events.ts';
import { runQuery } from '../query/run-query.ts';
import type { Store } from './store.ts';

const T0 = 1_800_000_000_000_000;
const at = (i: number, fields: WideEvent['fields']): WideEvent => ({ timeUs: T0 + i * 1_000_000, sampleRate: 1, fields });
const window = { start_time: T0 / 1e6 - 60, end_time: T0 / 1e6 + 60 };

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), warn() {}, error() {} };
}

interface Engine {
  name: string;
  open(log: Logger): Promise<Store>;
  /** Makes the catalog of environment `legacy` look as one written when field types were kept per environment. */
  typesPerEnvironment(datasets: string[]): Promise<void>;
}

let clickhouse: ClickHouseDatabase;
let dataDir: string;

beforeAll(async () => {
  clickhouse = await createClickHouseDatabase({ shards: 2 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'flashlight-field-types-'));
});
afterAll(async () => {
  await clickhouse?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const limits = { maxColumnsPerDataset: 100, maxPendingEvents: 10_000 };

const engines: Engine[] = [
  {
    name: 'DuckDB',
    open: (log) => openDuckDbStore({ dataDir, ...limits, log }),
    async typesPerEnvironment() {
      // Before, fl_fields had the field's type, the same in every dataset's table.
      const store = await openDuckDbStore({ dataDir, ...limits, log: recordingLog() });
      await store.query(`ALTER TABLE fl_fields ADD COLUMN type VARCHAR DEFAULT 'string'`, []);
      await store.close();
    },
  },
  {
    name: 'ClickHouse (2 shards)',
    open: (log) => openClickHouseStore({ url: clickhouse.urls, cluster: clickhouse.cluster, database: clickhouse.database, ...limits, log }),
    async typesPerEnvironment(datasets) {
      // Before, the registry had a column per field (`f_…`), not per dataset column (`ds_…_f_…`).
      const node = new ClickHouseHttp(clickhouse.nodeUrls[0], { database: clickhouse.database });
      const { data } = await node.select(`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '${FIELD_TYPES_TABLE}'`);
      const tables = datasets.map((dataset) => clickHouseNaming.table('legacy', dataset));
      const perField = new Map<string, string>();
      for (const { name, type } of data as { name: string; type: string }[]) {
        const [, table, field] = /^(ds_[0-9a-f]+)_(f_[0-9a-f]+)$/.exec(name) ?? [];
        if (!tables.includes(table)) continue;
        await node.command(`ALTER TABLE ${FIELD_TYPES_TABLE} DROP COLUMN ${name}`);
        perField.set(field, type);
      }
      for (const [field, type] of perField) await node.command(`ALTER TABLE ${FIELD_TYPES_TABLE} ADD COLUMN ${field} ${type}`);
    },
  },
];

const results = async (store: Store, dataset: string, query: object, environment = 'prod') =>
  (await runQuery(store, environment, dataset, { ...query, ...window })).data.results.map((r) => r.data);

describe.each(engines)('field types per dataset on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open(recordingLog());
    await store.append({
      environment: 'prod',
      dataset: 'edge',
      events: [at(0, { code: 'E42', ms: 1.5, ok: true }), at(1, { code: 'E7', ms: 2.5, ok: false })],
    });
    await store.append({ environment: 'prod', dataset: 'api', events: [at(2, { code: 200, ms: 3, ok: 'yes' }), at(3, { code: 404, ms: 4, ok: 'no' })] });
  });
  afterAll(async () => store?.close());

  test('each dataset keeps the type its own first value gave the field', async () => {
    const types = async (dataset: string) => Object.fromEntries((await store.columns('prod', dataset)).map((c) => [c.name, c.type]));
    expect(await types('edge')).toEqual({ code: 'string', ms: 'float', ok: 'boolean' });
    expect(await types('api')).toEqual({ code: 'integer', ms: 'integer', ok: 'string' });
    expect((await readEvents(store, 'prod', 'api')).map((e) => e.fields)).toEqual([
      { code: 200, ms: 3, ok: 'yes' },
      { code: 404, ms: 4, ok: 'no' },
    ]);
  });

  test('a dataset alone answers in its own types: numbers compare and sum as numbers', async () => {
    expect(
      await results(store, 'api', { calculations: [{ op: 'SUM', column: 'code' }, { op: 'COUNT' }], filters: [{ column: 'code', op: '>', value: 300 }] }),
    ).toEqual([{ 'SUM(code)': 404, COUNT: 1 }]);
    expect(await results(store, 'edge', { calculations: [{ op: 'COUNT' }], filters: [{ column: 'code', op: 'starts-with', value: 'E4' }] })).toEqual([
      { COUNT: 1 },
    ]);
  });

  test('queried together, a field is read as one type: float beside integer, text beside anything else', async () => {
    const byCode = await results(store, '__all__', {
      calculations: [{ op: 'SUM', column: 'ms' }],
      breakdowns: ['code'],
      orders: [{ column: 'code', order: 'ascending' }],
    });
    expect(byCode).toEqual([
      { code: '200', 'SUM(ms)': 3 },
      { code: '404', 'SUM(ms)': 4 },
      { code: 'E42', 'SUM(ms)': 1.5 },
      { code: 'E7', 'SUM(ms)': 2.5 },
    ]);
    expect(await results(store, '__all__', { calculations: [{ op: 'COUNT' }], filters: [{ column: 'code', op: '=', value: '404' }] })).toEqual([{ COUNT: 1 }]);
    expect(await results(store, '__all__', { calculations: [{ op: 'COUNT' }], breakdowns: ['ok'], orders: [{ column: 'ok', order: 'ascending' }] })).toEqual([
      { ok: 'false', COUNT: 1 },
      { ok: 'no', COUNT: 1 },
      { ok: 'true', COUNT: 1 },
      { ok: 'yes', COUNT: 1 },
    ]);
  });
});

describe.each(engines)('a store with field types per environment, on $name', (engine) => {
  test('opens with a log line, answers as before, and types new datasets on their own', async () => {
    const old = await engine.open(recordingLog());
    // Per environment, the text `code` of the first dataset made the second's numbers text.
    await old.append({ environment: 'legacy', dataset: 'edge', events: [at(0, { code: 'E42' })] });
    await old.append({ environment: 'legacy', dataset: 'api', events: [at(1, { code: '200' })] });
    await old.close();
    await engine.typesPerEnvironment(['edge', 'api']);

    const log = recordingLog();
    const store = await engine.open(log);
    try {
      expect(log.lines.filter((line) => line.startsWith('field types are kept per dataset now'))).toHaveLength(1);
      expect((await store.columns('legacy', 'api')).map((c) => [c.name, c.type])).toEqual([['code', 'string']]);
      expect((await readEvents(store, 'legacy', 'api')).map((e) => e.fields.code)).toEqual(['200']);
      await store.append({ environment: 'legacy', dataset: 'jobs', events: [at(2, { code: 200 })] });
      expect((await store.columns('legacy', 'jobs')).map((c) => [c.name, c.type])).toEqual([['code', 'integer']]);
      expect(await results(store, '__all__', { calculations: [{ op: 'COUNT' }], filters: [{ column: 'code', op: '=', value: '200' }] }, 'legacy')).toEqual([
        { COUNT: 2 },
      ]);
    } finally {
      await store.close();
    }
    const again = recordingLog();
    const reopened = await engine.open(again);
    await reopened.close();
    expect(again.lines.some((line) => line.startsWith('field types are kept per dataset now'))).toBe(false);
  });
});
