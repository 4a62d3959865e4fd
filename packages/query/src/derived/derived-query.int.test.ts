// Derived columns through the whole compiler on a real in-memory DuckDB: wherever a column
// stands (calculations, filters, breakdowns, orders, havings, heatmaps), saved or inline.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compileQuery } from '../compile-query.ts';
import { duckDbDialect } from '../duckdb-dialect.ts';
import { shapeQueryResult } from '../shape-result.ts';
import { memoryDuckDb, type FixtureEvent, type MemoryDuckDb } from '../test-fixtures/memory-duckdb.ts';
import type { QueryTarget } from '../dataset-schema.ts';

const T0 = 1_800_000_000;
const event = (second: number, fields: FixtureEvent['fields']): FixtureEvent => ({ timeUs: (T0 + second) * 1e6, sampleRate: 1, fields });
const api = [
  event(1, { 'http.status_code': 200, duration_ms: 10, 'http.route': '/users/1' }),
  event(2, { 'http.status_code': 500, duration_ms: 300, 'http.route': '/users/2' }),
  event(3, { 'http.status_code': 503, duration_ms: 700, 'http.route': '/orders/9' }),
  event(4, { 'http.status_code': 404, duration_ms: 40, 'http.route': '/orders/10' }),
  event(5, { duration_ms: 5, 'exception.type': 'Timeout' }),
];

let db: MemoryDuckDb;
beforeAll(async () => {
  db = await memoryDuckDb({ api });
});
afterAll(() => db.close());

const saved = new Map([
  ['is_error', 'OR(GTE($http.status_code, 500), EXISTS($exception.type))'],
  ['route', 'REG_VALUE($http.route, `^/([a-z]+)/`)'],
  ['error_ms', 'IF($is_error, $duration_ms, null)'],
]);

async function run(spec: Record<string, unknown>) {
  const target: QueryTarget = { ...db.target(), derived: saved };
  const compiled = compileQuery({ start_time: T0, end_time: T0 + 60, granularity: 60, ...spec }, target, duckDbDialect, { dataset: 'api' });
  return shapeQueryResult(await db.query(compiled.sql, compiled.params), compiled.layout).data.results.map((r) => r.data);
}

describe('derived columns in queries on DuckDB', () => {
  test('broken down by, summed, filtered and ordered like any column', async () => {
    const rows = await run({
      calculations: [{ op: 'COUNT' }, { op: 'SUM', column: 'error_ms' }, { op: 'MAX', column: 'duration_ms' }],
      breakdowns: ['route', 'is_error'],
      filters: [{ column: 'is_error', op: 'exists' }],
      orders: [
        { column: 'route', order: 'ascending' },
        { column: 'is_error', order: 'descending' },
      ],
    });
    expect(rows).toEqual([
      { route: 'orders', is_error: true, COUNT: 1, 'SUM(error_ms)': 700, 'MAX(duration_ms)': 700 },
      { route: 'orders', is_error: false, COUNT: 1, 'SUM(error_ms)': null, 'MAX(duration_ms)': 40 },
      { route: 'users', is_error: true, COUNT: 1, 'SUM(error_ms)': 300, 'MAX(duration_ms)': 300 },
      { route: 'users', is_error: false, COUNT: 1, 'SUM(error_ms)': null, 'MAX(duration_ms)': 10 },
      { route: null, is_error: true, COUNT: 1, 'SUM(error_ms)': 5, 'MAX(duration_ms)': 5 },
    ]);
  });

  test('inline calculated_fields, a filter on one, a having over one, a percentile and a heatmap of one', async () => {
    const rows = await run({
      calculated_fields: [{ name: 'seconds', expression: 'DIV($duration_ms, 1000)' }],
      calculations: [{ op: 'P50', column: 'seconds' }, { op: 'AVG', column: 'seconds' }, { op: 'COUNT' }],
      breakdowns: ['is_error'],
      filters: [{ column: 'seconds', op: '>', value: 0.02 }],
      havings: [{ calculate_op: 'COUNT', op: '>', value: 1 }],
    });
    expect(rows).toEqual([{ is_error: true, 'P50(seconds)': 0.3, 'AVG(seconds)': 0.5, COUNT: 2 }]);
    const [heatmap] = await run({ calculations: [{ op: 'HEATMAP', column: 'error_ms' }] });
    const { bounds, counts } = heatmap['HEATMAP(error_ms)'] as { bounds: number[]; counts: number[] };
    expect([bounds[0], bounds.at(-1), counts.reduce((a, b) => a + b)]).toEqual([5, 700, 3]);
  });
});
