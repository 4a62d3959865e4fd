import { expect, test } from 'vitest';
import { bandPoints, stackLines } from './stack-series.ts';

test('bands stack in group order; a missing value adds nothing', () => {
  const bands = stackLines([Float64Array.of(1, 2, NaN), Float64Array.of(3, 0, 4)], 3);
  expect(bands.map((b) => [[...b.lower], [...b.upper]])).toEqual([
    [
      [0, 0, 0],
      [1, 2, 0],
    ],
    [
      [1, 2, 0],
      [4, 2, 4],
    ],
  ]);
});

test('a band is its top left to right, then its bottom right to left', () => {
  expect(bandPoints({ lower: Float64Array.of(0, 0), upper: Float64Array.of(2, 4) }, 4, 100, 10)).toBe('0,5 100,0 100,10 0,10');
});
