// Runs compiled SQL on a real in-memory DuckDB with the store's physical layout.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compileQuery } from './compile-query.ts';
import { duckDbDialect } from './duckdb-dialect.ts';
import { shapeQueryResult } from './shape-result.ts';
import { memoryDuckDb, type FixtureEvent, type MemoryDuckDb } from './test-fixtures/memory-duckdb.ts';
import type { QueryResult } from './query-result.ts';
import type { QueryTarget } from './dataset-schema.ts';

const T0 = 1_800_000_000; // unix seconds, a multiple of 60
const at = (second: number, sampleRate: number, fields: FixtureEvent['fields']): FixtureEvent => ({
  timeUs: (T0 + second) * 1e6,
  sampleRate,
  fields,
});

// api: durations 10..100 on /a (1 in 1) and /b (1 in 10); web lacks http.route.
const api = [
  ...Array.from({ length: 10 }, (_, i) => at(i * 6, 1, { 'http.route': '/a', duration_ms: (i + 1) * 10, 'user.id': `u${i % 3}` })),
  at(5, 10, { 'http.route': '/b', duration_ms: 1000, 'user.id': 'u1' }),
  at(65, 10, { 'http.route': '/b', duration_ms: 2000, 'user.id': 'u9', error: true }),
];
const web = [at(30, 2, { duration_ms: 5, 'user.id': 'u1' })];

let db: MemoryDuckDb;
beforeAll(async () => {
  db = await memoryDuckDb({ api, web });
});
afterAll(() => db.close());

async function run(spec: Record<string, unknown>, datasets?: string[]): Promise<QueryResult['data']> {
  const compiled = compileQuery({ start_time: T0, end_time: T0 + 120, granularity: 60, ...spec }, db.target(datasets), duckDbDialect, {
    dataset: datasets?.join(',') ?? '__all__',
  });
  return shapeQueryResult(await db.query(compiled.sql, compiled.params), compiled.layout).data;
}

describe('compiled SQL on DuckDB', () => {
  test('COUNT weighs each event by its sample rate; COUNT_DISTINCT does not', async () => {
    const { results } = await run({ calculations: [{ op: 'COUNT' }, { op: 'COUNT_DISTINCT', column: 'user.id' }] }, ['api']);
    expect(results).toEqual([{ data: { COUNT: 30, 'COUNT_DISTINCT(user.id)': 4 } }]);
  });

  test('the weighted percentile is the smallest value whose cumulative weight reaches the fraction', async () => {
    // Weights: ten events of 10..100 at 1 each, 1000 and 2000 at 10 each; total 30.
    // P25 needs 7.5: the 8th smallest (80). P50 needs 15: 1000 (cumulative 20).
    const { results } = await run(
      {
        calculations: [
          { op: 'P25', column: 'duration_ms' },
          { op: 'P50', column: 'duration_ms' },
          { op: 'P001', column: 'duration_ms' },
        ],
      },
      ['api'],
    );
    expect(results[0].data).toEqual({ 'P25(duration_ms)': 80, 'P50(duration_ms)': 1000, 'P001(duration_ms)': 10 });
  });

  test('percentiles stay exact where values tie, go negative, cluster and have one far outlier', async () => {
    // Values chosen to land many in one percentile bin and leave most bins empty.
    const values = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? -3.5 : i % 5 === 0 ? 2.5 : 1000 + (i % 13) / 8));
    values.push(1e9);
    const events = values.map((v, i) => at(i % 120, 1 + (i % 4), { latency: v }));
    const local = await memoryDuckDb({ bins: events });
    try {
      const ops = ['P001', 'P05', 'P25', 'P50', 'P75', 'P99', 'P999'] as const;
      const fractions = [0.001, 0.05, 0.25, 0.5, 0.75, 0.99, 0.999];
      const compiled = compileQuery(
        { calculations: ops.map((op) => ({ op, column: 'latency' })), start_time: T0, end_time: T0 + 120, granularity: 60 },
        local.target(),
        duckDbDialect,
        { dataset: 'bins' },
      );
      const { results } = shapeQueryResult(await local.query(compiled.sql, compiled.params), compiled.layout).data;
      const sorted = events.map((e) => ({ v: e.fields.latency as number, w: e.sampleRate })).sort((a, b) => a.v - b.v);
      const total = sorted.reduce((sum, x) => sum + x.w, 0);
      const expected = fractions.map((f) => {
        let cumulative = 0;
        return sorted.find((x) => (cumulative += x.w) >= f * total)!.v;
      });
      expect(ops.map((op) => results[0].data[`${op}(latency)`])).toEqual(expected);
    } finally {
      local.close();
    }
  });

  test("percentiles from each row's running weight (few rows) answer as those from bins (many), non-finite values left out", async () => {
    // Tied, negative and far values in two groups, a NaN and infinities that no percentile sees, weights 1 to 4.
    const values = Array.from({ length: 120 }, (_, i) => (i % 9 === 0 ? -3.5 : i % 4 === 0 ? 2.5 : 100 + (i % 11)));
    const events = values.map((v, i) => at(i, 1 + (i % 4), { latency: v, 'http.route': i % 3 === 0 ? '/a' : '/b' }));
    events.push(...[Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map((v, i) => at(i * 50, 7, { latency: v, 'http.route': '/a' })));
    const local = await memoryDuckDb({ mixed: events });
    try {
      const spec = (breakdowns: string[]) => ({
        calculations: ['P001', 'P25', 'P50', 'P99', 'P999'].map((op) => ({ op, column: 'latency' })).concat([{ op: 'COUNT' } as never]),
        breakdowns,
        start_time: T0,
        end_time: T0 + 120,
        granularity: 60,
      });
      const answer = async (target: QueryTarget, breakdowns = ['http.route']) => {
        const compiled = compileQuery(spec(breakdowns), target, duckDbDialect, { dataset: 'mixed' });
        return { sql: compiled.sql, data: shapeQueryResult(await local.query(compiled.sql, compiled.params), compiled.layout).data };
      };
      const counted = { ...local.target(), tables: local.target().tables.map((t) => ({ ...t, rows: events.length })) };
      const binned = await answer(local.target());
      const exact = await answer(counted);
      expect(binned.sql).toContain('"pbin0"');
      expect(exact.sql).not.toContain('"pbin0"');
      expect(exact.data).toEqual(binned.data);
      // Without breakdowns, totals and series in one read grouped two ways.
      expect((await answer(counted, [])).data).toEqual((await answer(local.target(), [])).data);
      // And as the definition says, over the finite values only.
      const finite = events.filter((e) => Number.isFinite(e.fields.latency) && e.fields['http.route'] === '/a');
      const sorted = finite.map((e) => ({ v: e.fields.latency as number, w: e.sampleRate })).sort((a, b) => a.v - b.v);
      const total = sorted.reduce((sum, x) => sum + x.w, 0);
      let cumulative = 0;
      const p50 = sorted.find((x) => (cumulative += x.w) >= 0.5 * total)!.v;
      expect(exact.data.results.find((r) => r.data['http.route'] === '/a')!.data['P50(latency)']).toBe(p50);
    } finally {
      local.close();
    }
  });

  test('breakdowns across a union, with NULL for the dataset that lacks the field, ranked and limited', async () => {
    const { results, series } = await run({ calculations: [{ op: 'SUM', column: 'duration_ms' }], breakdowns: ['http.route'], limit: 2 });
    expect(results.map((r) => r.data)).toEqual([
      { 'http.route': '/b', 'SUM(duration_ms)': 30000 },
      { 'http.route': '/a', 'SUM(duration_ms)': 550 },
    ]);
    // The web event (no route) is the third group and outside the limit, so out of the series too.
    expect(series).toEqual([
      { time: new Date(T0 * 1000).toISOString(), data: { 'http.route': '/b', 'SUM(duration_ms)': 10000 } },
      { time: new Date(T0 * 1000).toISOString(), data: { 'http.route': '/a', 'SUM(duration_ms)': 550 } },
      { time: new Date((T0 + 60) * 1000).toISOString(), data: { 'http.route': '/b', 'SUM(duration_ms)': 20000 } },
    ]);
  });

  test('OR filters, does-not-exist and negated string ops keep events that lack the field', async () => {
    const { results } = await run({
      calculations: [{ op: 'COUNT' }],
      filter_combination: 'OR',
      filters: [
        { column: 'error', op: 'exists' },
        { column: 'http.route', op: 'does-not-exist' },
      ],
    });
    expect(results[0].data.COUNT).toBe(12);
    const negated = await run({ calculations: [{ op: 'COUNT' }], filters: [{ column: 'http.route', op: 'does-not-contain', value: 'a' }] });
    expect(negated.results[0].data.COUNT).toBe(22);
  });

  test('havings drop groups and orders rank them', async () => {
    const { results } = await run({
      calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'duration_ms' }],
      breakdowns: ['user.id'],
      havings: [{ calculate_op: 'COUNT', op: '>=', value: 3 }],
      orders: [{ op: 'MAX', column: 'duration_ms', order: 'ascending' }],
    });
    expect(results.map((r) => [r.data['user.id'], r.data.COUNT, r.data['MAX(duration_ms)']])).toEqual([
      ['u2', 3, 90],
      ['u0', 4, 100],
      ['u1', 15, 1000],
      ['u9', 10, 2000],
    ]);
  });

  test('HEATMAP gives the range cut into buckets and weighted counts per bucket', async () => {
    const { results } = await run({ calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], filters: [{ column: 'http.route', op: '=', value: '/b' }] });
    const heatmap = results[0].data['HEATMAP(duration_ms)'] as { bounds: number[]; counts: number[] };
    expect(heatmap.bounds).toHaveLength(21);
    expect([heatmap.bounds[0], heatmap.bounds[20]]).toEqual([1000, 2000]);
    expect(heatmap.counts[0]).toBe(10);
    expect(heatmap.counts[19]).toBe(10);
    expect(heatmap.counts.reduce((a, b) => a + b)).toBe(20);
  });

  test('without breakdowns totals and series come from one read; a heatmap over no events has no bounds and no series', async () => {
    const { results, series } = await run({ calculations: [{ op: 'HEATMAP', column: 'duration_ms' }] }, ['api']);
    expect(series.map((s) => (s.data['HEATMAP(duration_ms)'] as { counts: number[] }).counts.reduce((a, b) => a + b))).toEqual([10 + 10, 10]);
    expect((results[0].data['HEATMAP(duration_ms)'] as { counts: number[] }).counts.reduce((a, b) => a + b)).toBe(30);
    const empty = await run({ calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], filters: [{ column: 'http.route', op: '=', value: '/none' }] });
    expect(empty).toEqual({ results: [{ data: { 'HEATMAP(duration_ms)': { bounds: [], counts: [] } } }], series: [] });
    const counted = await run({
      calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'duration_ms' }],
      filters: [{ column: 'http.route', op: '=', value: '/none' }],
    });
    expect(counted).toEqual({ results: [{ data: { COUNT: 0, 'MAX(duration_ms)': null } }], series: [] });
  });

  test('RATE_SUM is the change per second between adjacent buckets; CONCURRENCY is time in progress per period', async () => {
    const { results, series } = await run({ calculations: [{ op: 'RATE_SUM', column: 'duration_ms' }, { op: 'CONCURRENCY' }] }, ['api']);
    // Weighted sums: 10550 in the first minute, 20000 in the second.
    expect(series.map((s) => s.data['RATE_SUM(duration_ms)'])).toEqual([null, (20000 - 10550) / 60]);
    expect(results[0].data['RATE_SUM(duration_ms)']).toBeCloseTo((20000 - 10550) / 60);
    expect(results[0].data.CONCURRENCY).toBeCloseTo(30550 / 120_000);
    expect(series[0].data.CONCURRENCY).toBeCloseTo(10550 / 60_000);
  });
});
