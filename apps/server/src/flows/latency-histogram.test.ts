import { describe, expect, test } from 'vitest';
import { mergeBuckets, percentileOf, type LatencyBucket } from './latency-histogram.ts';

const histogram = (values: number[]): LatencyBucket[] => {
  const buckets = new Map<number, LatencyBucket>();
  for (const v of values) mergeBuckets(buckets, [{ bucket: Math.floor(Math.log(Math.max(v, 0.001)) / Math.log(1.02)), weight: 1, max: v }]);
  return [...buckets.values()];
};

describe('percentileOf', () => {
  test('distinct values far apart give exact percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 10 * 1.05 ** i);
    expect(percentileOf(histogram(values), 0.5)).toBe(values[49]);
    expect(percentileOf(histogram(values), 0.99)).toBe(values[98]);
  });

  test('values within one bucket answer with its largest, at most 2% high', () => {
    const p50 = percentileOf(histogram([100, 100.5, 101, 101.5]), 0.5)!;
    expect(p50).toBeGreaterThanOrEqual(100.5);
    expect(p50 / 100.5).toBeLessThan(1.02);
  });

  test('weights count as that many spans; an empty histogram has no percentile', () => {
    expect(
      percentileOf(
        [
          { bucket: 1, weight: 9, max: 1 },
          { bucket: 200, weight: 1, max: 50 },
        ],
        0.9,
      ),
    ).toBe(1);
    expect(
      percentileOf(
        [
          { bucket: 1, weight: 9, max: 1 },
          { bucket: 200, weight: 1, max: 50 },
        ],
        0.99,
      ),
    ).toBe(50);
    expect(percentileOf([], 0.5)).toBeNull();
  });
});
