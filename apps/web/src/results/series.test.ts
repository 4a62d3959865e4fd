import { describe, expect, it } from 'vitest';
import { bucketWidthMs, buildChartSeries, buildResultRows, fillTimeGaps, groupLabel, sortRows } from './series.ts';
import type { QueryResult, QuerySpec } from '../api/query-spec.ts';

const query: QuerySpec = {
  calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }, { op: 'HEATMAP', column: 'duration_ms' }],
  breakdowns: ['service.name'],
};

const result: QueryResult = {
  series: [
    { time: '2026-11-27T10:00:00Z', data: { 'service.name': 'cart', COUNT: 3, 'P99(duration_ms)': 120 } },
    { time: '2026-11-27T10:01:00Z', data: { 'service.name': 'cart', COUNT: 1, 'P99(duration_ms)': 80 } },
    { time: '2026-11-27T10:01:00Z', data: { 'service.name': 'web', COUNT: 5, 'P99(duration_ms)': 300 } },
    { time: '2026-11-27T10:02:00Z', data: { 'service.name': null, COUNT: 2, 'P99(duration_ms)': 10 } },
  ],
  results: [{ data: { 'service.name': 'web', COUNT: 5, 'P99(duration_ms)': 300 } }, { data: { 'service.name': 'cart', COUNT: 4, 'P99(duration_ms)': 120 } }],
};

describe('buildChartSeries', () => {
  const [count, p99] = buildChartSeries(result, query);

  it('makes one chart per calculation except the heatmap, on a shared time axis', () => {
    expect([count.label, p99.label]).toEqual(['COUNT', 'P99(duration_ms)']);
    expect(count.times).toEqual([Date.parse('2026-11-27T10:00:00Z'), Date.parse('2026-11-27T10:01:00Z'), Date.parse('2026-11-27T10:02:00Z')]);
  });

  it('orders lines as the results do, then groups only the series has', () => {
    expect(count.lines.map((l) => groupLabel(l.group))).toEqual(['web', 'cart', '(none)']);
  });

  it('fills empty buckets with zero for counts and leaves gaps for percentiles', () => {
    expect([...count.lines[0].values]).toEqual([0, 5, 0]);
    expect([...p99.lines[0].values]).toEqual([NaN, 300, NaN]);
    expect([...p99.lines[1].values]).toEqual([120, 80, NaN]);
  });
});

describe('result rows', () => {
  it('has one row per group with every calculation', () => {
    const rows = buildResultRows(result, query);
    expect(rows.map((r) => [r.group.values, r.values])).toEqual([
      [['web'], { COUNT: 5, 'P99(duration_ms)': 300 }],
      [['cart'], { COUNT: 4, 'P99(duration_ms)': 120 }],
    ]);
  });

  it('sorts by calculation or group value, nulls last', () => {
    const rows = buildResultRows(
      {
        series: [],
        results: [{ data: { 'service.name': 'b', COUNT: 1 } }, { data: { 'service.name': null, COUNT: 9 } }, { data: { 'service.name': 'a', COUNT: null } }],
      },
      { calculations: [{ op: 'COUNT' }], breakdowns: ['service.name'] },
    );
    expect(sortRows(rows, 'COUNT', 'ascending').map((r) => r.values.COUNT)).toEqual([1, 9, null]);
    expect(sortRows(rows, 0, 'descending').map((r) => r.group.values[0])).toEqual(['b', 'a', null]);
  });

  it('shows COUNT for a grouped query that names no calculation, as the API computes it', () => {
    const grouped = { breakdowns: ['service.name'] };
    const answer: QueryResult = { series: [], results: [{ data: { 'service.name': 'web', COUNT: 7 } }] };
    expect(buildResultRows(answer, grouped).map((r) => r.values)).toEqual([{ COUNT: 7 }]);
  });

  it('labels the whole when nothing is grouped', () => {
    expect(groupLabel({ key: '[]', values: [] })).toBe('all events');
  });
});

describe('fillTimeGaps', () => {
  it('adds the empty buckets between the first and the last', () => {
    expect(fillTimeGaps([0, 60_000, 240_000], 60_000)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(fillTimeGaps([5], 60_000)).toEqual([5]);
    expect(fillTimeGaps([0, 1e12], 1)).toEqual([0, 1e12]);
  });

  it('draws a count at zero through a quiet minute', () => {
    const gappy: QueryResult = {
      series: [
        { time: '2026-11-27T10:00:00Z', data: { COUNT: 2 } },
        { time: '2026-11-27T10:02:00Z', data: { COUNT: 4 } },
      ],
      results: [{ data: { COUNT: 6 } }],
    };
    const [count] = buildChartSeries(gappy, { calculations: [{ op: 'COUNT' }], granularity: 60 });
    expect([...count.lines[0].values]).toEqual([2, 0, 4]);
  });
});

describe('bucketWidthMs', () => {
  it('uses the granularity, else the smallest step', () => {
    expect(bucketWidthMs([0, 60_000], { granularity: 30 })).toBe(30_000);
    expect(bucketWidthMs([0, 120_000, 180_000], {})).toBe(60_000);
  });
});

describe('with confidence intervals', () => {
  const sampled: QueryResult = {
    series: [
      { time: '2026-11-27T10:00:00Z', data: { 'service.name': 'web', COUNT: 40 }, ci: { COUNT: [30, 50] } },
      { time: '2026-11-27T10:01:00Z', data: { 'service.name': 'web', COUNT: 44 }, ci: { COUNT: [34, 54] } },
    ],
    results: [
      { data: { 'service.name': 'rare', COUNT: 90 }, ci: { COUNT: [0, 200] }, uncertain: ['COUNT'] },
      { data: { 'service.name': 'web', COUNT: 84 }, ci: { COUNT: [70, 98] }, uncertain: [] },
    ],
  };
  const spec: QuerySpec = { calculations: [{ op: 'COUNT' }], breakdowns: ['service.name'], confidence: 0.95 };

  it('gives each line its band, NaN where a point has none', () => {
    const [count] = buildChartSeries(sampled, spec);
    const web = count.lines.find((l) => l.group.values[0] === 'web')!;
    expect([...web.band!.low]).toEqual([30, 34]);
    expect([...web.band!.high]).toEqual([50, 54]);
    expect([...count.lines.find((l) => l.group.values[0] === 'rare')!.band!.low]).toEqual([NaN, NaN]);
  });

  it('ranks values with too few events after the others, whichever the direction', () => {
    const rows = buildResultRows(sampled, spec);
    expect(rows[0].intervals?.COUNT).toEqual([0, 200]);
    expect(sortRows(rows, 'COUNT', 'descending').map((r) => r.group.values[0])).toEqual(['web', 'rare']);
    expect(sortRows(rows, 'COUNT', 'ascending').map((r) => r.group.values[0])).toEqual(['web', 'rare']);
  });

  it('draws no band without confidence', () => {
    expect(buildChartSeries(result, query)[0].lines[0].band).toBeUndefined();
  });
});
