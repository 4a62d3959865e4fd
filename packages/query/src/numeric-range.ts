// Where a value sits in a measured range, in arithmetic that cannot overflow. A column may
// hold any finite double, so the width of its range (high - low) can exceed the largest
// double (1.7e308 and -1.7e308 in one column): then every value and bound is halved first,
// which keeps the width finite; otherwise the usual (value - low) × buckets / width, so
// ordinary columns bin exactly as they always have.

/**
 * The SQL of `(value - low) * buckets / (high - low)`, a number in [0, buckets] for a
 * value in [low, high], that stays finite for every finite value and bounds. Arguments
 * are double-typed SQL expressions; `choose` writes the engine's conditional and
 * `isFinite` names its finiteness test.
 */
export function bucketOfRange(
  value: string,
  low: string,
  high: string,
  buckets: number,
  choose: (condition: string, then: string, otherwise: string) => string,
  isFinite: string,
): string {
  // When the width times the bucket count is finite, so is every (value - low) × buckets.
  const usual = `(${value} - ${low}) * ${buckets} / (${high} - ${low})`;
  const halved = `(${value} / 2 - ${low} / 2) / (${high} / 2 - ${low} / 2) * ${buckets}`;
  return choose(`${isFinite}((${high} - ${low}) * ${buckets})`, usual, halved);
}

/** Edge k of `buckets` equal buckets over [low, high], finite for every finite range. */
export function bucketEdge(low: number, high: number, k: number, buckets: number): number {
  if (k === buckets) return high;
  // Near the largest double: a weighted mean of the ends, each term finite.
  return Number.isFinite((high - low) * buckets) ? low + ((high - low) * k) / buckets : low * (1 - k / buckets) + high * (k / buckets);
}
