// Intervals on sampled data, on each engine (ClickHouse over two shards, where the partial
// sums merge across shards): every interval equals the one computed in JS from the same
// events, through the same formulas, over spans and plain events with missing values.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { avgInterval, countInterval, ladderFractions, percentileInterval, quantileFromLadder, sumInterval, twoSidedZ, type Interval } from '@flashlight/query';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { generateEvents, type GeneratedEvent } from './test-fixtures/generated-events.ts';
import { weightedPercentile } from './test-fixtures/reference-query.ts';

const HOUR = 3600;
const T0 = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const at = (k: number) => T0 * 1000 + ((k * 7919) % (HOUR * 1000));
// Mixed sample rates (1, 5, 10); a third of the events are spans; db.rows only on /search.
const events: GeneratedEvent[] = [
  ...generateEvents({ count: 900, startMs: T0 * 1000, spanMs: HOUR * 1000, seed: 31 }).map((e, k) =>
    k % 3 === 0 ? { ...e, fields: { ...e.fields, 'trace.trace_id': `t${k}`, 'trace.span_id': `s${k}`, name: 'GET', 'span.kind': 'server' } } : e,
  ),
  // Unsampled: every interval has zero width.
  ...Array.from({ length: 20 }, (_, k) => ({ timeMs: at(k), sampleRate: 1, fields: { 'service.name': 'exact', duration_ms: 10 + k, 'db.rows': k } })),
  // Two events at rate 20: too few to say much.
  ...[0, 1].map((k) => ({ timeMs: at(k + 50), sampleRate: 20, fields: { 'service.name': 'rare', duration_ms: 5 + k, 'db.rows': 3 } })),
];

const spec = {
  start_time: T0,
  end_time: T0 + HOUR,
  granularity: 600,
  breakdowns: ['service.name'],
  calculations: [
    { op: 'COUNT' },
    { op: 'SUM', column: 'db.rows' },
    { op: 'AVG', column: 'duration_ms' },
    { op: 'P50', column: 'duration_ms' },
    { op: 'P99', column: 'duration_ms' },
    { op: 'MAX', column: 'duration_ms' },
    { op: 'RATE_SUM', column: 'db.rows' },
  ],
  confidence: 0.95,
};

/** The intervals of a group's events, from JS sums through the same formulas. */
function expectedIntervals(group: GeneratedEvent[]): Record<string, Interval | null> {
  const z = twoSidedZ(spec.confidence);
  const sums = (column: string) => {
    const s = { weight: 0, total: 0, q0: 0, q1: 0, q2: 0 };
    for (const e of group) {
      const x = e.fields[column];
      if (typeof x !== 'number') continue;
      const w = e.sampleRate;
      s.weight += w;
      s.total += w * x;
      s.q0 += w * (w - 1);
      s.q1 += w * (w - 1) * x;
      s.q2 += w * (w - 1) * x * x;
    }
    return s;
  };
  const count = group.reduce((n, e) => n + e.sampleRate, 0);
  const q = group.reduce((n, e) => n + e.sampleRate * (e.sampleRate - 1), 0);
  const [rows, duration] = [sums('db.rows'), sums('duration_ms')];
  const values = group.flatMap((e) => (typeof e.fields.duration_ms === 'number' ? [{ v: e.fields.duration_ms, w: e.sampleRate }] : []));
  // One ladder per measure: the rungs of both its percentiles.
  const ladder = [...new Set([0.5, 0.99, ...ladderFractions(0.5), ...ladderFractions(0.99)])];
  const percentile = (p: number) => {
    const rungs = ladder.map((fraction) => ({ fraction, value: weightedPercentile(values, fraction) }));
    return percentileInterval(p, duration, z, (f) => quantileFromLadder(rungs, f));
  };
  const max = Math.max(...values.map((x) => x.v));
  return {
    COUNT: countInterval(count, q, z),
    'SUM(db.rows)': rows.weight > 0 ? sumInterval(rows.total, rows, z) : null,
    'AVG(duration_ms)': avgInterval(duration.total / duration.weight, duration, z),
    'P50(duration_ms)': percentile(0.5),
    'P99(duration_ms)': percentile(0.99),
    'MAX(duration_ms)': q === 0 ? [max, max] : null,
  };
}

const close = (actual: [number | null, number | null] | null | undefined, expected: Interval | null) => {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  // An end the sample cannot bound (±Infinity) is null in JSON.
  for (const k of [0, 1]) {
    if (Number.isFinite(expected[k])) expect(actual![k]).toBeCloseTo(expected[k], 6);
    else expect(actual![k]).toBeNull();
  }
};

describe.each(ENGINES)('confidence intervals on %s', (engine) => {
  let server: TempServer;
  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: 2 });
    const batch = events.map((e) => ({ data: e.fields, time: new Date(e.timeMs).toISOString(), samplerate: e.sampleRate }));
    const response = await fetch(`${server.url}/1/batch/shop`, {
      method: 'POST',
      body: JSON.stringify(batch),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
  });
  afterAll(() => server?.dispose());

  const query = async (body: Record<string, unknown>) => {
    const response = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset: 'shop', query: body }) });
    return { status: response.status, body: (await response.json()) as any };
  };

  test('every group’s intervals equal the JS computation; unsampled ones have zero width; a tiny group is uncertain', async () => {
    const { status, body } = await query(spec);
    expect(status, JSON.stringify(body)).toBe(200);
    const results = body.data.results as { data: Record<string, unknown>; ci: Record<string, [number | null, number | null] | null>; uncertain: string[] }[];
    expect(results.map((r) => r.data['service.name']).sort()).toEqual(['checkout', 'exact', 'frontend', 'rare', 'search']);
    for (const row of results) {
      const group = events.filter((e) => e.fields['service.name'] === row.data['service.name']);
      const expected = expectedIntervals(group);
      for (const [name, interval] of Object.entries(expected)) close(row.ci[name], interval);
      const rate = row.ci['RATE_SUM(db.rows)'];
      if (typeof row.data['RATE_SUM(db.rows)'] === 'number') expect(rate![0]!).toBeLessThanOrEqual(rate![1]!);
    }
    const exact = results.find((r) => r.data['service.name'] === 'exact')!;
    for (const interval of Object.values(exact.ci)) if (interval) expect(interval[0]!).toBeCloseTo(interval[1]!, 9);
    expect(exact.uncertain).toEqual([]);
    // Its P99 lies beyond what two events can bound: the interval's upper end is open.
    const rare = results.find((r) => r.data['service.name'] === 'rare')!;
    expect(rare.uncertain).toEqual(expect.arrayContaining(['COUNT', 'P99(duration_ms)']));
    expect(rare.ci['P99(duration_ms)']![1]).toBeNull();
    // Series points carry intervals too: a point's COUNT from its bucket's events.
    const point = (body.data.series as { time: string; data: Record<string, unknown>; ci: Record<string, [number | null, number | null] | null> }[]).find(
      (p) => p.data['service.name'] === 'frontend',
    )!;
    const bucketMs = Date.parse(point.time);
    close(
      point.ci.COUNT,
      expectedIntervals(events.filter((e) => e.fields['service.name'] === 'frontend' && e.timeMs >= bucketMs && e.timeMs < bucketMs + 600_000)).COUNT,
    );
  });

  test('without confidence nothing extra comes back; a level outside (0, 1) is refused by name', async () => {
    const { body } = await query({ ...spec, confidence: undefined });
    expect(body.data.results[0]).not.toHaveProperty('ci');
    const refused = await query({ ...spec, confidence: 95 });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('confidence');
  });
});
