// Every calculation, filter op, breakdown, having, order, granularity and heatmap gives
// the same answer on ClickHouse as on DuckDB over the same events.
import { afterAll, beforeAll, describe, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CALCULATION_OPS, FILTER_OPS } from '@flashlight/query';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../../testing/clickhouse-database.ts';
import { expectSameAnswer } from '../../testing/same-answer.ts';
import { generateEvents } from '../../query/test-fixtures/generated-events.ts';
import { runQuery } from '../../query/run-query.ts';
import { openDuckDbStore } from '../duckdb/index.ts';
import type { Store } from '../store.ts';
import type { WideEvent } from '../../events/wide-event.ts';
import { openClickHouseStore } from './index.ts';

const HOUR = 3600;
const T0 = 1_800_000_000; // a whole hour, in seconds
const NOW = new Date((T0 + 2 * HOUR) * 1000);
const wide = (events: ReturnType<typeof generateEvents>): WideEvent[] =>
  events.map((e) => ({ timeUs: e.timeMs * 1000, sampleRate: e.sampleRate, fields: e.fields }));
// Every seventh event at a fractional rate, as OpenTelemetry threshold sampling gives.
const shop = wide(generateEvents({ count: 1500, startMs: T0 * 1000, spanMs: HOUR * 1000, seed: 3 })).map((e, i) =>
  i % 7 === 0 ? { ...e, sampleRate: 1 / 0.6875 } : e,
);
// Without http.route and user.id: a column one table of an all-datasets query lacks,
// and a service whose group has no user.id at all.
const worker = wide(generateEvents({ count: 200, startMs: T0 * 1000, spanMs: HOUR * 1000, seed: 5 })).map((e) => {
  const { 'http.route': _route, 'user.id': _user, ...fields } = e.fields;
  return { ...e, fields: { ...fields, 'service.name': 'worker' } };
});

const log = { info() {}, warn() {}, error() {} };
let clickhouse: ClickHouseDatabase;
let dataDir: string;
let stores: { clickhouse: Store; duckdb: Store };

beforeAll(async () => {
  clickhouse = await createClickHouseDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'flashlight-ch-queries-'));
  const limits = { maxColumnsPerDataset: 100, maxPendingEvents: 100_000, log };
  stores = {
    clickhouse: await openClickHouseStore({ url: clickhouse.urls, database: clickhouse.database, ...limits }),
    duckdb: await openDuckDbStore({ dataDir, ...limits }),
  };
  for (const store of Object.values(stores)) {
    await store.append({ environment: 'prod', dataset: 'shop', events: shop });
    await store.append({ environment: 'prod', dataset: 'worker', events: worker });
  }
});

afterAll(async () => {
  await Promise.all(Object.values(stores ?? {}).map((s) => s.close()));
  await clickhouse?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function expectSameOnBoth(spec: Record<string, unknown>, dataset = 'shop') {
  const full = { start_time: T0, end_time: T0 + HOUR, granularity: 300, ...spec };
  const expected = await runQuery(stores.duckdb, 'prod', dataset, full, NOW);
  const actual = await runQuery(stores.clickhouse, 'prod', dataset, full, NOW);
  expectSameAnswer(actual, expected);
}

const measured = (op: string) => (op === 'COUNT' || op === 'CONCURRENCY' ? { op } : { op, column: op === 'COUNT_DISTINCT' ? 'user.id' : 'duration_ms' });

describe('ClickHouse answers as DuckDB does', () => {
  test.each(CALCULATION_OPS.filter((op) => op !== 'HEATMAP'))('%s per service', async (op) => {
    await expectSameOnBoth({ calculations: [measured(op)], breakdowns: ['service.name'] });
  });

  test('HEATMAP, alone and beside a percentile, with a breakdown', async () => {
    await expectSameOnBoth({
      calculations: [
        { op: 'HEATMAP', column: 'duration_ms' },
        { op: 'P50', column: 'duration_ms' },
      ],
      breakdowns: ['error'],
    });
  });

  const filterValue: Record<string, unknown> = {
    '=': 500,
    '!=': 200,
    '>': 200,
    '>=': 404,
    '<': 500,
    '<=': 404,
    'starts-with': '/ca',
    'does-not-start-with': '/ca',
    'ends-with': 'rt',
    'does-not-end-with': 'rt',
    contains: 'art',
    'does-not-contain': 'art',
    in: ['/cart', '/search'],
    'not-in': ['/cart', '/search'],
  };
  test.each(FILTER_OPS)('filter %s', async (op) => {
    const column = ['starts-with', 'does-not-start-with', 'ends-with', 'does-not-end-with', 'contains', 'does-not-contain', 'in', 'not-in'].includes(op)
      ? 'http.route'
      : op === 'exists' || op === 'does-not-exist'
        ? 'db.rows'
        : 'http.status_code';
    await expectSameOnBoth({
      calculations: [{ op: 'COUNT' }, { op: 'SUM', column: 'db.rows' }],
      filters: [{ column, op, ...(filterValue[op] === undefined ? {} : { value: filterValue[op] }) }],
      breakdowns: ['http.route'],
    });
  });

  test('OR of filters, boolean and string breakdowns, havings, orders and a limit', async () => {
    await expectSameOnBoth({
      calculations: [{ op: 'COUNT' }, { op: 'P95', column: 'duration_ms' }, { op: 'MAX', column: 'duration_ms' }],
      filters: [
        { column: 'error', op: '=', value: true },
        { column: 'http.route', op: '=', value: '/' },
      ],
      filter_combination: 'OR',
      breakdowns: ['service.name', 'error'],
      havings: [{ calculate_op: 'COUNT', op: '>', value: 5 }],
      orders: [{ op: 'P95', column: 'duration_ms', order: 'descending' }, { column: 'service.name' }],
      limit: 4,
    });
  });

  test('every dataset at once, where one table lacks the breakdown column', async () => {
    await expectSameOnBoth({ calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'duration_ms' }], breakdowns: ['http.route'] }, '__all__');
  });

  test('COUNT_DISTINCT of a field a whole group lacks is 0', async () => {
    await expectSameOnBoth({ calculations: [{ op: 'COUNT_DISTINCT', column: 'user.id' }], breakdowns: ['service.name'] }, '__all__');
  });

  const everyAnswer = [...CALCULATION_OPS.filter((op) => op !== 'HEATMAP').map(measured), { op: 'HEATMAP', column: 'duration_ms' }];
  test('no event in range: without breakdowns, one row of answers over nothing', async () => {
    await expectSameOnBoth({ calculations: everyAnswer, start_time: T0 + 2 * HOUR, end_time: T0 + 3 * HOUR });
    await expectSameOnBoth({ calculations: everyAnswer, breakdowns: ['service.name'], start_time: T0 + 2 * HOUR, end_time: T0 + 3 * HOUR });
  });

  test('havings without breakdowns keep or drop the one group with its series', async () => {
    for (const value of [0, 1e9]) {
      await expectSameOnBoth({ calculations: [{ op: 'COUNT' }, { op: 'P50', column: 'duration_ms' }], havings: [{ calculate_op: 'COUNT', op: '<', value }] });
      await expectSameOnBoth({
        calculations: [{ op: 'COUNT' }],
        havings: [{ calculate_op: 'COUNT', op: '<', value }],
        start_time: T0 + 2 * HOUR,
        end_time: T0 + 3 * HOUR,
      });
    }
  });

  test('the top groups by a percentile and a count distinct, with several heatmaps', async () => {
    await expectSameOnBoth({
      calculations: [
        { op: 'P90', column: 'duration_ms' },
        { op: 'COUNT_DISTINCT', column: 'user.id' },
        { op: 'HEATMAP', column: 'duration_ms' },
        { op: 'HEATMAP', column: 'db.rows' },
      ],
      breakdowns: ['user.id'],
      orders: [
        { op: 'COUNT_DISTINCT', column: 'user.id', order: 'descending' },
        { op: 'P90', column: 'duration_ms', order: 'ascending' },
      ],
      limit: 7,
    });
  });

  test.each([60, 900, 3600])('granularity %ss', async (granularity) => {
    await expectSameOnBoth({ calculations: [{ op: 'COUNT' }, { op: 'RATE_SUM', column: 'db.rows' }], granularity });
  });

  test('a filter value full of quotes, backslashes and control characters matches nothing on either', async () => {
    await expectSameOnBoth({ calculations: [{ op: 'COUNT' }], filters: [{ column: 'http.route', op: '=', value: '\'\\\0\n`"); DROP TABLE x; --' }] });
  });
});
