import { expect, test } from 'vitest';
import { burnDownPoints } from './burn-down-points.ts';

const hour = (i: number) => 1_700_000_000 + i * 3600;

test('events only in the last hour of the window still draw a line: untouched before, spent after', () => {
  const points = [...Array.from({ length: 23 }, (_, i) => ({ time: hour(i), budget_remaining: null })), { time: hour(23), budget_remaining: 0.6 }];
  const drawn = burnDownPoints(points, 230, 22)!;
  const xy = drawn.line.split(' ').map((p) => p.split(',').map(Number));
  expect(xy).toHaveLength(24);
  expect(xy[0]).toEqual([0, 1]);
  expect(xy[22]).toEqual([220, 1]);
  // 40% spent: 40% of the way from the top (1) to the zero line (21).
  expect(xy[23]).toEqual([230, 9]);
  expect(drawn.zeroY).toBe(21);
});

test('an overspent budget runs below the zero line', () => {
  const drawn = burnDownPoints(
    [
      { time: hour(0), budget_remaining: 1 },
      { time: hour(1), budget_remaining: -1 },
    ],
    100,
    42,
  )!;
  expect(drawn.line).toBe('0.0,1.0 100.0,41.0');
  expect(drawn.zeroY).toBe(21);
});

test('a lone point is a level line; no events at all draw nothing', () => {
  expect(burnDownPoints([{ time: hour(0), budget_remaining: 0.5 }], 100, 22)!.line).toBe('0.0,11.0 100.0,11.0');
  expect(burnDownPoints([{ time: hour(0), budget_remaining: null }], 100, 22)).toBeNull();
});
