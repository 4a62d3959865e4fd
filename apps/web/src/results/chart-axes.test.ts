import { describe, expect, it } from 'vitest';
import { formatNumber, formatPrecise, formatTickTime, niceTicks, timeTicks } from './chart-axes.ts';

describe('niceTicks', () => {
  it('picks round steps covering the range', () => {
    expect(niceTicks(0, 97, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.1, 0.34, 3)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(5, 5, 4)).toEqual([5, 5.5, 6]);
    expect(niceTicks(NaN, 1, 4)).toEqual([]);
  });
});

describe('timeTicks', () => {
  it('lands on round clock boundaries', () => {
    const start = new Date(2026, 10, 27, 10, 7, 13).getTime();
    const ticks = timeTicks(start, start + 60 * 60_000, 6);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    for (const t of ticks) {
      expect(new Date(t).getMinutes() % 10).toBe(0);
      expect(new Date(t).getSeconds()).toBe(0);
    }
  });

  it('keeps round steps when the axis runs slightly past a round span', () => {
    const start = new Date(2026, 10, 27, 19, 55, 0).getTime();
    const ticks = timeTicks(start, start + 2 * 3_600_000 + 60_000, 4);
    expect(ticks[1] - ticks[0]).toBe(30 * 60_000);
  });

  it('formats with the precision the span needs', () => {
    const t = new Date(2026, 10, 27, 9, 5, 7).getTime();
    expect(formatTickTime(t, 60_000)).toBe('09:05:07');
    expect(formatTickTime(t, 3_600_000)).toBe('09:05');
    expect(formatTickTime(t, 7 * 86_400_000)).toBe('11/27 09:05');
  });
});

describe('formatNumber', () => {
  it.each([
    [12, '12'],
    [0.254, '0.254'],
    [1234, '1234'],
    [12_345, '12.3k'],
    [3_500_000, '3.5M'],
    [123.456, '123.5'],
    [NaN, '–'],
  ])('%s → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('formatPrecise', () => {
  it('keeps integers whole and fractions to six digits', () => {
    expect([formatPrecise(123456789), formatPrecise(12.3456789), formatPrecise(Infinity)]).toEqual(['123456789', '12.3457', '–']);
  });
});
