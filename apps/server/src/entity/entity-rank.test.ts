import { describe, expect, test } from 'vitest';
import { percentileRank } from './entity-rank.ts';

describe('percentileRank', () => {
  const p99 = new Map<string, number | null>([
    ['u1', 10],
    ['u2', 20],
    ['u3', 30],
    ['u4', 40],
    ['u5', null],
  ]);

  test('is the share of the other entities with a lower number', () => {
    expect(percentileRank('P99', 40, p99, 'u4')).toEqual({ by: 'P99', percentile: 1, entities: 4 });
    expect(percentileRank('P99', 25, p99, 'u9')).toEqual({ by: 'P99', percentile: 0.5, entities: 5 });
    expect(percentileRank('P99', 10, p99, 'u1')).toEqual({ by: 'P99', percentile: 0, entities: 4 });
  });

  test('has no percentile for an entity without a number', () => {
    expect(percentileRank('P99', null, p99, 'u5').percentile).toBeNull();
  });
});
