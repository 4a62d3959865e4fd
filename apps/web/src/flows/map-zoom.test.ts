import { describe, expect, test } from 'vitest';
import { fitScale, zoomed } from './map-zoom.ts';

describe('map zoom', () => {
  test('a map wider than its viewport shrinks to fit it; a small one keeps its size', () => {
    expect(fitScale({ width: 2000, height: 400 }, { width: 1000, height: 800 })).toBe(0.5);
    expect(fitScale({ width: 600, height: 300 }, { width: 1000, height: 800 })).toBe(1);
  });

  test('zooming steps through fixed scales from wherever the fit left it, and stops at the ends', () => {
    expect(zoomed(0.42, 'in')).toBe(0.5);
    expect(zoomed(0.42, 'out')).toBe(0.33);
    expect(zoomed(3, 'in')).toBe(3);
    expect(zoomed(0.25, 'out')).toBe(0.25);
  });
});
