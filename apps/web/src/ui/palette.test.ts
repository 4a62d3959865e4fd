import { describe, expect, it } from 'vitest';
import { colourAt } from './palette.ts';

describe('colourAt', () => {
  it('gives 100 groups 100 different colours, none of them the red of errors', () => {
    const colours = Array.from({ length: 100 }, (_, i) => colourAt(i));
    expect(new Set(colours).size).toBe(100);
    for (const c of colours.slice(12)) {
      const hue = Number(/hsl\(([\d.]+)/.exec(c)![1]);
      expect(hue >= 12 && hue <= 348).toBe(true);
    }
  });
});
