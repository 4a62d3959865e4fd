import { expect, test } from 'vitest';
import { median, scaledMad } from './robust-stats.ts';

test.each([
  { values: [], median: NaN, mad: NaN },
  { values: [5], median: 5, mad: 0 },
  { values: [3, 1, 2], median: 2, mad: 1.4826 },
  { values: [1, 2, 3, 4], median: 2.5, mad: 1.4826 },
  // One wild window moves neither.
  { values: [10, 11, 9, 10, 1000], median: 10, mad: 1.4826 },
])('median and scaled MAD of $values', ({ values, median: m, mad }) => {
  expect(median(values)).toEqual(m);
  if (Number.isNaN(mad)) expect(scaledMad(values)).toBeNaN();
  else expect(scaledMad(values)).toBeCloseTo(mad, 6);
});
