// A marker's before/after numbers on a steady stream with a regression on one endpoint,
// on DuckDB and a two-shard ClickHouse cluster: rates over the time that has passed, and
// the one entry point that moved named, though the P50 over all spans hides it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import type { StoredMarker } from '../control/control-store.ts';
import { compareBeforeAfter } from './before-after.ts';

const NOW_S = Math.floor(Date.now() / 1000);
/** The marker: ten minutes old, with a half-hour window, so the after-window is a third over. */
const MARKER_S = NOW_S - 600;
const WINDOW = 1800;
const ENDPOINTS = ['GET /items', 'POST /checkout', 'GET /cart'];
const REGRESSED = 'POST /checkout';

interface Sent {
  timeS: number;
  data: Record<string, string | number | boolean>;
}

/**
 * One root span a second for 40 minutes, the endpoints in turn, ~100 ms each; from the
 * marker on, POST /checkout takes ~400 ms. A child span under every fourth root, and a
 * plain log event (no span fields) every ten seconds.
 */
const sent: Sent[] = Array.from({ length: 2400 }, (_, k) => {
  const i = k + 1;
  const timeS = NOW_S - i;
  const name = ENDPOINTS[i % ENDPOINTS.length];
  const slow = name === REGRESSED && timeS >= MARKER_S;
  const root: Sent = {
    timeS,
    data: { 'trace.trace_id': `t${i}`, 'trace.span_id': `r${i}`, name, 'service.name': 'shop', duration_ms: (slow ? 400 : 100) + (i % 7), error: false },
  };
  const child: Sent[] =
    i % 4 === 0
      ? [
          {
            timeS,
            data: {
              'trace.trace_id': `t${i}`,
              'trace.span_id': `c${i}`,
              'trace.parent_id': `r${i}`,
              name: 'db query',
              'service.name': 'shop',
              duration_ms: 5,
              error: false,
            },
          },
        ]
      : [];
  const log: Sent[] = i % 10 === 0 ? [{ timeS, data: { message: 'tick', level: 'info', 'queue.depth': i % 3 } }] : [];
  return [root, ...child, ...log];
}).flat();

const marker: StoredMarker = {
  id: 'm1',
  environment: 'default',
  dataset: 'shop',
  type: 'deploy',
  message: 'checkout 2.0',
  url: null,
  startTime: MARKER_S,
  endTime: null,
  createdAt: new Date(MARKER_S * 1000),
  createdBy: 'test',
  ledgerKey: null,
};

describe.each(ENGINES)('before/after a marker on %s', (engine) => {
  let server: TempServer;

  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: 2 });
    const body = sent.map((e) => ({ time: new Date(e.timeS * 1000).toISOString(), data: e.data }));
    const response = await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(200);
  }, 180_000);

  afterAll(async () => server?.dispose());

  test('rates are over the time that has passed: a steady stream reads the same rate before and after', async () => {
    const comparison = await compareBeforeAfter(server.store, marker, WINDOW, new Date(NOW_S * 1000));
    const inWindow = (start: number, end: number) => sent.filter((e) => e.timeS >= start && e.timeS < end).length;
    expect(comparison.before).toMatchObject({
      start_time: MARKER_S - WINDOW,
      end_time: MARKER_S,
      window_seconds: WINDOW,
      count: inWindow(MARKER_S - WINDOW, MARKER_S),
    });
    expect(comparison.after).toMatchObject({ start_time: MARKER_S, end_time: NOW_S, window_seconds: WINDOW, count: inWindow(MARKER_S, NOW_S) });
    expect(comparison.after.rate).toBeCloseTo(inWindow(MARKER_S, NOW_S) / 600, 10);
    expect(comparison.after.rate! / comparison.before.rate!).toBeCloseTo(1, 1);
    expect(comparison.bubbleup.selection).toEqual({ start_time: MARKER_S, end_time: NOW_S });
  });

  test('the regressed entry point is named as moved; the others and the P50 over all spans are not', async () => {
    const comparison = await compareBeforeAfter(server.store, marker, WINDOW, new Date(NOW_S * 1000));
    expect(comparison.entry_points.map((e) => e.name).sort()).toEqual([...ENDPOINTS].sort());
    const [first, ...rest] = comparison.entry_points;
    expect(first).toMatchObject({ name: REGRESSED, moved: ['p50_duration_ms', 'p99_duration_ms'] });
    expect(first.before!.p50_duration_ms).toBeLessThan(110);
    expect(first.after!.p50_duration_ms).toBeGreaterThanOrEqual(400);
    for (const other of rest) expect(other.moved, other.name).toEqual([]);
    // Over all spans, two thirds of the roots and the child spans keep the median where it was.
    expect(Math.abs(comparison.after.p50_duration_ms! - comparison.before.p50_duration_ms!)).toBeLessThan(10);
  });

  test('a window that has not started yet has no rate and nothing moved', async () => {
    const future = { ...marker, startTime: NOW_S + 60 };
    const comparison = await compareBeforeAfter(server.store, future, WINDOW, new Date(NOW_S * 1000));
    expect(comparison.after).toMatchObject({ count: 0, rate: null, start_time: NOW_S + 60, end_time: NOW_S + 60 });
    expect(comparison.entry_points.every((e) => e.moved.length === 0)).toBe(true);
  });
});
