// CONCURRENCY against a brute-force oracle: random spans (many crossing bucket edges, some
// running past the range's end, some of no duration) and plain events without a duration
// go in through the events API; every millisecond of the range then counts the sample
// rates of the spans in progress, and each bucket's (and the whole range's) CONCURRENCY
// must be the mean of its milliseconds. Runs on DuckDB and on a two-shard ClickHouse cluster.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { expectSameAnswer } from '../testing/same-answer.ts';
import { seededRandom } from '../hardening/seeded-random.ts';
import type { FieldValue } from '../events/wide-event.ts';

const BUCKET_S = 10;
// Recent whole minutes; the range starts and ends mid-bucket.
const T0 = Math.floor(Date.now() / 60_000) * 60 - 3600;
const range = { start_time: T0 + 3, end_time: T0 + 303, granularity: BUCKET_S };
const [startMs, endMs, bucketMs] = [range.start_time * 1000, range.end_time * 1000, BUCKET_S * 1000];
const SERVICES = ['api', 'worker'];

interface Sent {
  timeMs: number;
  sampleRate: number;
  fields: Record<string, FieldValue>;
}

const random = seededRandom(19);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
const events: Sent[] = Array.from({ length: 160 }, (_, i) => {
  const timeMs = startMs + Math.floor(random() * (endMs - startMs));
  const fields: Record<string, FieldValue> = { 'service.name': pick(SERVICES) };
  // One in eight is a plain event: no duration, so it is in progress nowhere.
  if (i % 8 !== 0) fields.duration_ms = pick([0, 1, 250, 9_999, 10_000, 10_001]) + Math.floor(random() * 35_000);
  return { timeMs, sampleRate: pick([1, 1, 2, 5]), fields };
});

/** Per millisecond of the range, the weighted number of spans of `service` in progress. */
function inProgressPerMs(service: string): Float64Array {
  const perMs = new Float64Array(endMs - startMs);
  for (const e of events) {
    if (e.fields['service.name'] !== service || typeof e.fields.duration_ms !== 'number') continue;
    for (let ms = e.timeMs; ms < Math.min(e.timeMs + e.fields.duration_ms, endMs); ms++) perMs[ms - startMs] += e.sampleRate;
  }
  return perMs;
}

/** The mean of `perMs` over [fromMs, toMs), milliseconds outside the range counting as zero. */
function meanOver(perMs: Float64Array, fromMs: number, toMs: number): number {
  let sum = 0;
  for (let ms = Math.max(fromMs, startMs); ms < Math.min(toMs, endMs); ms++) sum += perMs[ms - startMs];
  return sum / (toMs - fromMs);
}

/** Every bucket a span of `service` starts in or is in progress in. */
function bucketsOf(service: string): number[] {
  const buckets = new Set<number>();
  for (const e of events) {
    if (e.fields['service.name'] !== service) continue;
    const last = typeof e.fields.duration_ms === 'number' ? Math.min(e.timeMs + e.fields.duration_ms, endMs) - 1 : e.timeMs;
    for (let b = Math.floor(e.timeMs / bucketMs) * bucketMs; b <= Math.max(last, e.timeMs); b += bucketMs) buckets.add(b);
  }
  return [...buckets].sort((a, b) => a - b);
}

let server: TempServer;

describe.each(ENGINES)('on %s, CONCURRENCY counts each span in every bucket it overlaps', (engine) => {
  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: 2 });
    const batch = events.map((e) => ({ data: e.fields, time: new Date(e.timeMs).toISOString(), samplerate: e.sampleRate }));
    const response = await fetch(`${server.url}/1/batch/spans`, {
      method: 'POST',
      body: JSON.stringify(batch),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: number }[]).every((s) => s.status === 202)).toBe(true);
  });

  afterAll(async () => server?.dispose());

  test('per bucket and over the range, the mean number of spans in progress', async () => {
    const spec = {
      ...range,
      calculations: [{ op: 'CONCURRENCY' }, { op: 'COUNT' }],
      breakdowns: ['service.name'],
      orders: [{ column: 'service.name', order: 'ascending' }],
    };
    const response = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset: 'spans', query: spec }) });
    const body = (await response.json()) as { data: { results: unknown[]; series: unknown[] } };
    expect(response.status, JSON.stringify(body)).toBe(200);

    const countIn = (service: string, from: number, to: number) =>
      events.filter((e) => e.fields['service.name'] === service && e.timeMs >= from && e.timeMs < to).reduce((s, e) => s + e.sampleRate, 0);
    const perMs = new Map(SERVICES.map((s) => [s, inProgressPerMs(s)]));
    const results = SERVICES.map((s) => ({
      data: { 'service.name': s, CONCURRENCY: meanOver(perMs.get(s)!, startMs, endMs), COUNT: countIn(s, startMs, endMs) },
    }));
    const series = SERVICES.flatMap((s) =>
      bucketsOf(s).map((b) => ({
        bucket: b,
        data: { 'service.name': s, CONCURRENCY: meanOver(perMs.get(s)!, b, b + bucketMs), COUNT: countIn(s, b, b + bucketMs) },
      })),
    )
      .sort((x, y) => x.bucket - y.bucket || SERVICES.indexOf(x.data['service.name']) - SERVICES.indexOf(y.data['service.name']))
      .map(({ bucket, data }) => ({ time: new Date(bucket).toISOString(), data }));
    // Spans do cross bucket edges and the range's end here.
    const ends = events.flatMap((e) => (typeof e.fields.duration_ms === 'number' ? [{ from: e.timeMs, to: e.timeMs + e.fields.duration_ms }] : []));
    expect(ends.filter(({ from, to }) => Math.floor((to - 1) / bucketMs) > Math.floor(from / bucketMs)).length).toBeGreaterThan(50);
    expect(ends.some(({ to }) => to > endMs)).toBe(true);
    expectSameAnswer(body.data, { results, series });
  });
});
