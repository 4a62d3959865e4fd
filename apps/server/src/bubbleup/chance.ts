// The score a column would show for a selection drawn at random: BubbleUp ranks columns
// by how far their score exceeds it. It is simulated the way the score is computed:
// random selections of as many events, each column's top values chosen again by
// prominence in every draw, everything else lumped as "other". A formula over fixed
// values misses that choice, and so reads far too low for columns with many values (a
// few random events make whatever values they hold look prominent). Seeded: the same
// counts give the same chance.
import { seededRandom, type Random } from '../hardening/seeded-random.ts';

/** The events of one column among the events read, by value. */
export interface ColumnCounts {
  /** Events of each value that may be listed (seen often enough), in any order. */
  values: readonly number[];
  /** Events of values that are never listed: too rare, or beyond the values read. */
  rest: number;
}

/** Random selections drawn per column: enough that the mean is within about 0.01. */
export const CHANCE_DRAWS = 64;
const SEED = 0x5eed;

/** A standard normal deviate (Box–Muller). */
function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Events of a value with `of` events among `population` that fall in `drawn` events drawn
 * without replacement: hypergeometric, by inversion of its exact distribution while the
 * expected count is small, else by its normal approximation (finite-population variance).
 */
function hypergeometric(random: Random, of: number, population: number, drawn: number): number {
  if (of <= 0 || drawn <= 0) return 0;
  if (of >= population) return drawn;
  if (drawn >= population) return of;
  // Counted from zero below: where some hits are certain, draw the complement instead.
  if (of + drawn > population) {
    return of <= drawn ? of - hypergeometric(random, of, population, population - drawn) : drawn - hypergeometric(random, population - of, population, drawn);
  }
  const mean = (drawn * of) / population;
  if (mean < 16) {
    // P(0) = C(population - of, drawn) / C(population, drawn), then P(k+1) from P(k).
    let p = 1;
    for (let i = 0; i < Math.min(of, drawn); i++) p *= of < drawn ? (population - drawn - i) / (population - i) : (population - of - i) / (population - i);
    const u = random();
    let [k, cumulative] = [0, p];
    const most = Math.min(of, drawn);
    while (cumulative < u && k < most) {
      p *= ((of - k) * (drawn - k)) / ((k + 1) * (population - of - drawn + k + 1));
      k++;
      cumulative += p;
    }
    return k;
  }
  const share = of / population;
  const sd = Math.sqrt((drawn * share * (1 - share) * (population - drawn)) / (population - 1));
  return Math.min(of, drawn, Math.max(0, Math.round(mean + sd * normal(random))));
}

/**
 * The mean total variation distance between `selected` events drawn at random from the
 * events counted and the rest of them, with the `shown` most prominent values (share of
 * the draw plus share of the rest) listed and all others lumped as "other".
 */
export function simulatedChance(counts: ColumnCounts, selected: number, shown: number, draws = CHANCE_DRAWS): number {
  const population = counts.values.reduce((sum, n) => sum + n, counts.rest);
  const baseline = population - selected;
  if (selected <= 0 || baseline <= 0) return 0;
  const random = seededRandom(SEED);
  const drawnOf = new Float64Array(counts.values.length);
  const prominence = new Float64Array(counts.values.length);
  const order = counts.values.map((_, i) => i);
  const byProminence = (a: number, b: number) => prominence[b] - prominence[a];
  let total = 0;
  for (let draw = 0; draw < draws; draw++) {
    // Value by value, each drawn from what is left: a multivariate hypergeometric draw.
    let [left, remaining] = [selected, population];
    counts.values.forEach((n, i) => {
      const hits = left > 0 ? hypergeometric(random, n, remaining, left) : 0;
      drawnOf[i] = hits;
      prominence[i] = hits / selected + (n - hits) / baseline;
      left -= hits;
      remaining -= n;
    });
    if (shown < order.length) order.sort(byProminence);
    let distance = 0;
    let [listedSelected, listedBaseline] = [0, 0];
    for (let k = 0; k < Math.min(shown, order.length); k++) {
      const i = order[k];
      const [selectedShare, baselineShare] = [drawnOf[i] / selected, (counts.values[i] - drawnOf[i]) / baseline];
      distance += Math.abs(selectedShare - baselineShare);
      listedSelected += selectedShare;
      listedBaseline += baselineShare;
    }
    // "other": the shares not listed.
    distance += Math.abs(listedBaseline - listedSelected);
    total += distance / 2;
  }
  return Math.min(1, total / draws);
}
