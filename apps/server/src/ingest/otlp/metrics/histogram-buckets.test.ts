import { expect, test } from 'vitest';
import { explicitBuckets, exponentialBuckets } from './normalize-metrics.ts';

const point = { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, count: 6n };

test('explicit bounds: the first bucket is open below, the last above', () => {
  expect(explicitBuckets({ ...point, bucketCounts: [1n, 2n, 3n], explicitBounds: [10, 100] })).toEqual([
    { lower: undefined, upper: 10, count: 1 },
    { lower: 10, upper: 100, count: 2 },
    { lower: 100, upper: undefined, count: 3 },
  ]);
});

test('exponential buckets of scale 0 double; negative ones mirror them around the zero bucket', () => {
  const buckets = exponentialBuckets({
    ...point,
    scale: 0,
    zeroCount: 1n,
    zeroThreshold: 0,
    positive: { offset: 1, bucketCounts: [2n, 3n] },
    negative: { offset: 0, bucketCounts: [4n] },
  });
  expect(buckets).toEqual([
    { lower: -2, upper: -1, count: 4 },
    { lower: -0, upper: 0, count: 1 },
    { lower: 2, upper: 4, count: 2 },
    { lower: 4, upper: 8, count: 3 },
  ]);
});
