// Where one entity stands among all entities of its field: the share of entities whose
// number is lower than its own, e.g. "P99 higher than 93% of users".
import type { EntityRank } from '@flashlight/api';
export type { EntityRank };

/**
 * @param mine the entity's own number
 * @param others every entity's number, the entity's own included or not
 */
export function percentileRank(by: string, mine: number | null, others: ReadonlyMap<string, number | null>, self: string): EntityRank {
  const numbers = [...others].filter(([key, n]) => key !== self && n !== null).map(([, n]) => n as number);
  if (mine === null) return { by, percentile: null, entities: numbers.length + 1 };
  const lower = numbers.filter((n) => n < mine).length;
  return { by, percentile: numbers.length === 0 ? 0 : lower / numbers.length, entities: numbers.length + 1 };
}
