import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('draws from [0, base·2^retry), capped at max (full jitter)', () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 3, 10].map((retry) => Math.round(backoffDelay(retry, 50, 1000, top)))).toEqual([50, 100, 200, 400, 1000]);
    expect(backoffDelay(3, 50, 1000, () => 0)).toBe(0);
    expect(backoffDelay(1, 50, 1000, () => 0.5)).toBe(50);
  });
});
