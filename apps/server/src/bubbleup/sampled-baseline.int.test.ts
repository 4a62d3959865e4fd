// A sampled baseline against the exact one, on generated requests whose answer is known:
// every share within a stated error, the same columns first, and the same answer twice.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { SLOW_MS, knownDifferenceEvents } from './test-fixtures/known-differences.ts';
import { runBubbleUp, type BubbleUpResult } from './run-bubbleup.ts';

const EVENTS = 20_000;
/** Events read per side: the selection (~2,500 events) is read whole, the baseline (~17,500) sampled. */
const BUDGET = 2_000;
/**
 * The largest difference allowed between a sampled and the exact baseline share: about four
 * standard errors of a share estimated from BUDGET events whose sample rates are 1 and 4.
 */
const SHARE_ERROR = 0.04;

const now = new Date();
const events = knownDifferenceEvents(EVENTS, now.getTime(), 55 * 60_000);
const query = { time_range: 3600 };
const selection = { filters: [{ column: 'duration_ms', op: '>=', value: SLOW_MS }] };

describe.each(ENGINES)('a sampled BubbleUp baseline on %s', (engine) => {
  let server: TempServer;
  let exact: BubbleUpResult;
  let sampled: BubbleUpResult;
  const bubbleUp = (budget: number) => runBubbleUp(server.store, 'default', 'api', query, selection, { now, sampleEvents: budget });

  beforeAll(async () => {
    server = await startTempServerOn(engine);
    for (let i = 0; i < EVENTS; i += 5_000) {
      const sent = await fetch(`${server.url}/1/batch/api`, { method: 'POST', body: JSON.stringify(events.slice(i, i + 5_000)) });
      expect(sent.status).toBe(200);
    }
    exact = await bubbleUp(Infinity);
    sampled = await bubbleUp(BUDGET);
  }, 120_000);

  afterAll(async () => server?.dispose());

  test('says the baseline was sampled, from how many of its events, and the selection was not', () => {
    const slow = events.filter((e) => (e.data.duration_ms as number) >= SLOW_MS).length;
    expect(exact.sample).toEqual({ selected: null, baseline: null });
    expect(sampled.sample.selected).toBeNull();
    expect(sampled.sample.baseline).toMatchObject({ of: EVENTS - slow, slices: 32 });
    expect(sampled.sample.baseline!.events).toBeGreaterThan(BUDGET * 0.7);
    expect(sampled.sample.baseline!.events).toBeLessThan(BUDGET * 1.3);
    expect([sampled.selected, sampled.baseline]).toEqual([exact.selected, exact.baseline]);
  });

  test(`every baseline share is within ${SHARE_ERROR} of the exact one; the selection's are exact`, () => {
    for (const column of exact.columns) {
      const estimate = sampled.columns.find((c) => c.field === column.field)!;
      for (const value of estimate.values) {
        const truth = column.values.find((v) => v.value === value.value && v.range?.[0] === value.range?.[0]);
        if (!truth) continue; // a rare value the sample happened to catch five times
        expect(Math.abs(value.baseline - truth.baseline), `${column.field} = ${JSON.stringify(value.value ?? value.range)}`).toBeLessThanOrEqual(SHARE_ERROR);
        expect(value.selected).toBeCloseTo(truth.selected, 10);
      }
    }
  });

  test('ranks the known differences first, as the exact answer does, and answers the same twice', async () => {
    expect(
      exact.columns
        .slice(0, 2)
        .map((c) => c.field)
        .sort(),
    ).toEqual(['app.version', 'region']);
    expect(
      sampled.columns
        .slice(0, 2)
        .map((c) => c.field)
        .sort(),
    ).toEqual(['app.version', 'region']);
    const again = await bubbleUp(BUDGET);
    expect(again.sample).toEqual(sampled.sample);
    expect(again.columns.map((c) => c.field)).toEqual(sampled.columns.map((c) => c.field));
    // Shares to nine decimals: parallel sums may add in another order.
    const shares = (answer: BubbleUpResult) =>
      answer.columns.flatMap((c) => c.values.map((v) => [v.value, v.range, v.selected.toFixed(9), v.baseline.toFixed(9)]));
    expect(shares(again)).toEqual(shares(sampled));
  });
});
