// SLO numbers from minute counts: budget, burn rates of both alert pairs, the burn-down.
import { describe, expect, it } from 'vitest';
import { sloStatus } from './slo-status.ts';
import type { MinuteCount } from './alert-store.ts';

const END = 1_800_000_000 - (1_800_000_000 % 3600);
const HOUR = 3600;

/** `hours` hours of minutes before END with `total` events each, `bad` of them bad. */
const minutes = (hours: number, total: number, bad: number): MinuteCount[] =>
  Array.from({ length: hours * 60 }, (_, i) => ({ minute: END - hours * HOUR + i * 60, good: total - bad, total }));

describe('sloStatus', () => {
  it('spends a tenth of a 99% budget when 0.1% of events are bad, and fires nothing', () => {
    const status = sloStatus(minutes(24, 1000, 1), 99, END - 24 * HOUR, END);
    expect(status).toMatchObject({ total: 1_440_000, bad: 1440, compliance_percent: 99.9 });
    expect(status.budget_remaining).toBeCloseTo(0.9, 10);
    expect(status.burn_rates['60m']).toBeCloseTo(0.1, 10);
    expect(status.alerts).toEqual({ fast_burn: false, slow_burn: false });
    expect(status.burn_down).toHaveLength(24);
    expect(status.burn_down[23]).toEqual({ time: END, budget_remaining: status.budget_remaining });
  });

  it('fires fast burn only when both the hour and the last five minutes burn at 14.4x', () => {
    const calm = minutes(6, 100, 0);
    // 20% bad in the last hour is 20x the 1% a 99% target allows.
    const burning = calm.map((m) => (m.minute >= END - HOUR ? { ...m, good: 80 } : m));
    expect(sloStatus(burning, 99, END - 6 * HOUR, END).alerts).toEqual({ fast_burn: true, slow_burn: false });
    // The same hour, but the last five minutes are clean again: the burst is over.
    const recovered = burning.map((m) => (m.minute >= END - 300 ? { ...m, good: 100 } : m));
    const status = sloStatus(recovered, 99, END - 6 * HOUR, END);
    expect(status.burn_rates['60m']).toBeGreaterThan(14.4);
    expect(status.burn_rates['5m']).toBe(0);
    expect(status.alerts.fast_burn).toBe(false);
  });

  it('has no numbers without events', () => {
    expect(sloStatus([], 99.9, END - HOUR, END)).toMatchObject({
      total: 0,
      compliance_percent: null,
      budget_remaining: null,
      burn_rates: { '60m': null, '5m': null },
    });
  });
});
