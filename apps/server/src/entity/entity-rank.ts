// Where one entity stands among all entities of its field: the share of entities whose
// number is lower than its own, e.g. "P99 higher than 93% of users".

/** One way of ranking entities, and where this entity stands. */
export interface EntityRank {
  /** What entities are ranked by: `P99(duration_ms)`, `error rate`. */
  by: string;
  /** Share of the other entities with a lower number, 0 to 1; null without a number of its own. */
  percentile: number | null;
  /** Entities ranked (the busiest ones, up to the query limit). */
  entities: number;
}

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
