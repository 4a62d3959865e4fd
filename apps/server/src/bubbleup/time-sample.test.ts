import { describe, expect, test } from 'vitest';
import { SAMPLE_SLICES, timeSample } from './time-sample.ts';

describe('timeSample', () => {
  const hour = 3600e6;

  test('the whole window when every event is to be read, or the window is too short to cut', () => {
    expect(timeSample(0, hour, 1)).toEqual({ slices: [[0, hour]], covered: 1 });
    expect(timeSample(0, 20, 0.5)).toEqual({ slices: [[0, 20]], covered: 1 });
  });

  test('one slice per stratum, in order, inside the window, covering the fraction asked', () => {
    const { slices, covered } = timeSample(1_000, 1_000 + hour, 0.01);
    expect(slices).toHaveLength(SAMPLE_SLICES);
    const stratum = hour / SAMPLE_SLICES;
    slices.forEach(([start, end], i) => {
      expect(start).toBeGreaterThanOrEqual(1_000 + i * stratum);
      expect(end).toBeLessThanOrEqual(1_000 + (i + 1) * stratum);
      expect(end - start).toBe(stratum * 0.01);
    });
    expect(covered).toBeCloseTo(0.01, 12);
  });

  test('the same window gives the same slices: the same question reads the same events', () => {
    expect(timeSample(5, 5 + hour, 0.1)).toEqual(timeSample(5, 5 + hour, 0.1));
  });
});
