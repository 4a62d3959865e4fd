import { describe, expect, test } from 'vitest';
import { detectChanges, type WindowStats } from './detect-change.ts';
import { isQuiet, poolOf, pooledWindows } from './pool-windows.ts';

/** A quiet entry point: four or five checkouts a minute at ~200 ms, now and then one failing. */
function quiet(minutes: number, over: (minute: number) => Partial<WindowStats> = () => ({})): Map<number, WindowStats> {
  return new Map(
    Array.from({ length: minutes }, (_, i) => {
      const events = 4 + (i % 2);
      return [i * 60, { start: i * 60, count: events, events, errors: i % 7 === 0 ? 1 : 0, p50: 200 + (i % 3) * 10, p95: 300, p99: 320, ...over(i) }];
    }),
  );
}
const starts = (current: number) => Array.from({ length: 30 }, (_, i) => current - (30 - i) * 60).filter((s) => s >= 0);
const judge = (windows: Map<number, WindowStats>, current: number) => {
  const pools = pooledWindows(windows, current, starts(current), current, 0);
  return detectChanges(pools.current, pools.trailing, null).map((c) => `${c.metric} ${c.direction}`);
};

describe('pooled windows of a quiet entity', () => {
  test('a pool sums its minutes and takes the event-weighted middle of their percentiles', () => {
    const windows = new Map<number, WindowStats>([
      [0, { start: 0, count: 10, events: 5, errors: 2, p50: 100, p95: 200, p99: 300 }],
      [60, { start: 60, count: 2, events: 1, errors: 0, p50: 900, p95: 900, p99: 900 }],
    ]);
    expect(poolOf(windows, 240)).toEqual({ start: 0, count: 12, events: 6, errors: 2, p50: 100, p95: 200, p99: 300 });
  });

  test('the baseline pools end before the current pool begins, and lie after the first events', () => {
    const { trailing } = pooledWindows(quiet(20), 1140, starts(1140), 1140, 0);
    // The current pool is minutes 15–19: the last baseline pool is minutes 10–14.
    expect(trailing.map((w) => w.start)).toEqual([0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600]);
  });

  test('a quiet entity alone is judged on nothing in a minute, and on its pools', () => {
    const minutes = quiet(20);
    expect(isQuiet([...minutes.values()])).toBe(true);
    expect(detectChanges(minutes.get(1140)!, [...minutes.values()].slice(0, 19), null)).toEqual([]);
    expect(judge(minutes, 1140)).toEqual([]);
  });

  test('two minutes of failing checkouts and three times the latency in the last five are changes', () => {
    const failing = quiet(20, (i) => (i >= 18 ? { errors: 4, p50: 700, p95: 900, p99: 950 } : {}));
    expect(judge(failing, 1140)).toEqual(['error_ratio up']);
    const slow = quiet(20, (i) => (i >= 17 ? { p50: 700 } : {}));
    expect(judge(slow, 1140)).toEqual(['p50 up']);
  });
});
