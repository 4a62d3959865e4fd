import { describe, expect, it } from 'vitest';
import { bucketEdge } from './numeric-range.ts';

describe('bucketEdge', () => {
  it('cuts an ordinary range exactly as lo + (hi - lo) × k / n', () => {
    expect(Array.from({ length: 5 }, (_, k) => bucketEdge(-2, 2, k, 4))).toEqual([-2, -1, 0, 1, 2]);
  });

  it('stays finite and ordered across the whole double range', () => {
    const edges = Array.from({ length: 21 }, (_, k) => bucketEdge(-Number.MAX_VALUE, Number.MAX_VALUE, k, 20));
    expect(edges.every(Number.isFinite)).toBe(true);
    expect(edges[0]).toBe(-Number.MAX_VALUE);
    expect(edges[10]).toBe(0);
    expect(edges[20]).toBe(Number.MAX_VALUE);
    expect(edges.every((edge, k) => k === 0 || edge > edges[k - 1])).toBe(true);
  });
});
