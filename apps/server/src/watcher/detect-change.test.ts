import { describe, expect, test } from 'vitest';
import { detectChanges, type WindowStats } from './detect-change.ts';

/** A steady entity: 600 events a minute, 1% errors, ~100 ms P50, with a little jitter per window. */
function steady(minutes = 30, over: Partial<WindowStats> = {}): WindowStats[] {
  return Array.from({ length: minutes }, (_, i) => {
    const jitter = ((i * 7) % 5) - 2;
    return {
      start: i * 60,
      count: 600 + jitter * 10,
      events: 600 + jitter * 10,
      errors: 6 + (i % 3),
      p50: 100 + jitter,
      p95: 180 + jitter * 2,
      p99: 250 + jitter * 3,
      ...over,
    };
  });
}
const window = (over: Partial<WindowStats>): WindowStats => ({ ...steady(1)[0], start: 1800, ...over });
const metrics = (changes: ReturnType<typeof detectChanges>) => changes.map((c) => `${c.metric} ${c.direction}`);

describe('detectChanges', () => {
  test.each([
    { case: 'a window like its past', current: {}, found: [] },
    { case: 'an ordinary busy minute (+20%)', current: { count: 720, events: 720 }, found: [] },
    { case: 'latency up 3.5×', current: { p50: 350, p95: 600, p99: 800 }, found: ['p50 up', 'p95 up', 'p99 up'] },
    { case: 'a tail-only regression', current: { p99: 900 }, found: ['p99 up'] },
    { case: 'faster is no incident', current: { p50: 40, p95: 60, p99: 80 }, found: [] },
    { case: 'an error burst (15%)', current: { errors: 90 }, found: ['error_ratio up'] },
    { case: 'a few more errors than usual (2%)', current: { errors: 12 }, found: [] },
    { case: 'volume drops by 80%', current: { count: 120, events: 120 }, found: ['rate down'] },
    { case: 'a runaway client: 5× the requests', current: { count: 3000, events: 3000, errors: 30 }, found: ['rate up'] },
  ])('$case', ({ current, found }) => {
    expect(metrics(detectChanges(window(current), steady(), null))).toEqual(found);
  });

  test('the change reports its baseline, its value and how far apart they are', () => {
    const [change] = detectChanges(window({ p50: 350 }), steady(), null);
    expect(change).toMatchObject({ metric: 'p50', direction: 'up', baseline: 100, current: 350 });
    expect(change.score).toBeGreaterThan(5);
  });

  test.each([
    {
      case: 'a tiny endpoint (3 events a minute) never fires',
      trailing: steady(30, { count: 3, events: 3, errors: 0 }),
      current: { count: 3, events: 3, errors: 3, p50: 900 },
    },
    { case: 'too little history to compare', trailing: steady(3), current: { p50: 900, errors: 300 } },
    {
      case: 'a P99 from 100 events is not evidence',
      trailing: steady(30, { count: 100, events: 100, errors: 1 }),
      current: { count: 100, events: 100, p99: 900 },
    },
  ])('minimum evidence: $case', ({ trailing, current }) => {
    expect(detectChanges(window(current), trailing, null)).toEqual([]);
  });

  test('counts are weighed by sample rate, and noise by the events behind them', () => {
    // 60 events a minute sampled 1 in 10: 600 weighted; a 20% swing is noise, a halving is not.
    const sampled = steady(30, { events: 60, count: 600 });
    expect(detectChanges(window({ events: 72, count: 720 }), sampled, null)).toEqual([]);
    expect(metrics(detectChanges(window({ events: 20, count: 200 }), sampled, null))).toEqual(['rate down']);
  });

  test('a daily rush seen yesterday at this time is no change; an error burst yesterday did not have is', () => {
    const rush = window({ count: 2400, events: 2400, errors: 24 });
    expect(metrics(detectChanges(rush, steady(), null))).toEqual(['rate up']);
    expect(detectChanges(rush, steady(), window({ count: 2300, events: 2300 }))).toEqual([]);
    expect(metrics(detectChanges(window({ errors: 90 }), steady(), window({})))).toEqual(['error_ratio up']);
  });

  test('one odd window in the baseline moves nothing', () => {
    const trailing = steady();
    trailing[10] = { ...trailing[10], p50: 5000, count: 10, events: 10 };
    expect(detectChanges(window({}), trailing, null)).toEqual([]);
    expect(metrics(detectChanges(window({ p50: 350 }), trailing, null))).toEqual(['p50 up']);
  });
});
