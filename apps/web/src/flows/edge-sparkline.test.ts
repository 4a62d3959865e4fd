import { describe, expect, test } from 'vitest';
import { sparkline } from './edge-sparkline.ts';

describe('sparkline', () => {
  test('the busiest step reaches the top, an idle one the bottom, and steps with errors are marked', () => {
    const spark = sparkline(
      [
        { time: 0, requests: 4, errors: 0 },
        { time: 10, requests: 0, errors: 0 },
        { time: 20, requests: 2, errors: 2 },
      ],
      30,
      10,
    );
    expect(spark.line).toBe('M0.0,0.0 H10.0 L10.0,10.0 H20.0 L20.0,5.0 H30.0');
    expect(spark.failing).toEqual([{ x: 20, width: 10 }]);
  });

  test('no steps, nothing to draw', () => {
    expect(sparkline([], 30, 10)).toEqual({ line: '', failing: [] });
  });
});
