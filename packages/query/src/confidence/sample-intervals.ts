// Confidence intervals of estimates from sampled events, as pure functions of the partial
// sums one statement adds per group (docs/confidence.md). An event kept at sample rate w
// stands for w events: it was kept with probability 1/w, so the Horvitz–Thompson estimate
// of a total weighs it by w, and Σ w(w−1)·x² estimates that estimate's variance.

/** The lower and upper ends of an interval. */
export type Interval = [number, number];

/** A group's partial sums over its events with a value of one measured column x. */
export interface MeasureSums {
  /** Σ w: the estimated count of events with a value. */
  weight: number;
  /** Σ w(w−1), Σ w(w−1)x, Σ w(w−1)x². */
  q0: number;
  q1: number;
  q2: number;
}

const around = (value: number, variance: number, z: number): Interval => {
  const half = z * Math.sqrt(Math.max(0, variance));
  return [value - half, value + half];
};

/** COUNT: Σ w ± z·√Σ w(w−1), never below zero. `q` is Σ w(w−1) over every event of the group. */
export function countInterval(count: number, q: number, z: number): Interval {
  const [lo, hi] = around(count, q, z);
  return [Math.max(0, lo), hi];
}

/** SUM: Σ wx ± z·√Σ w(w−1)x². */
export function sumInterval(sum: number, sums: Pick<MeasureSums, 'q2'>, z: number): Interval {
  return around(sum, sums.q2, z);
}

/** The variance of AVG = Σ wx / Σ w, a ratio, by the delta method: Σ w(w−1)(x − avg)² / (Σ w)². */
export function avgVariance(avg: number, sums: MeasureSums): number {
  return (sums.q2 - 2 * avg * sums.q1 + avg * avg * sums.q0) / (sums.weight * sums.weight);
}

/** AVG: avg ± z·√(delta-method variance). */
export function avgInterval(avg: number, sums: MeasureSums, z: number): Interval {
  return around(avg, avgVariance(avg, sums), z);
}

/**
 * A percentile's interval by Woodruff's method: the interval of the estimated share of
 * events at or below the percentile, p ± z·se, mapped back through the weighted quantile
 * function. The share's standard error is √(p(1−p)·Σ w(w−1)) / Σ w (its variance as a
 * ratio estimate, taking the events' weights as unrelated to their side of the percentile).
 * Where p + z·se passes 1 (or p − z·se passes 0) the sample holds no value that bounds the
 * percentile with that confidence: that end is Infinity (−Infinity), as a distribution-free
 * interval of an extreme percentile of few events is. `quantileAt` answers the weighted
 * quantile at a fraction in [0, 1].
 */
export function percentileInterval(
  p: number,
  sums: Pick<MeasureSums, 'weight' | 'q0'>,
  z: number,
  quantileAt: (fraction: number) => number | null,
): Interval | null {
  if (!(sums.weight > 0)) return null;
  const se = Math.sqrt(Math.max(0, p * (1 - p) * sums.q0)) / sums.weight;
  const [low, high] = [p - z * se, p + z * se];
  const lo = low < 0 ? -Infinity : quantileAt(low);
  const hi = high > 1 ? Infinity : quantileAt(high);
  return lo === null || hi === null ? null : [lo, hi];
}

/**
 * The interval of a rate, (a − b) / seconds between two buckets' independent estimates
 * (disjoint events are sampled independently), or of the mean of several such rates:
 * `coefficients` weigh each bucket's estimate, `variances` are theirs.
 */
export function linearInterval(value: number, coefficients: readonly number[], variances: readonly number[], z: number): Interval {
  const variance = coefficients.reduce((sum, c, i) => sum + c * c * variances[i], 0);
  return around(value, variance, z);
}

/**
 * The one rule for "too few events": an interval wider than the value itself. Results,
 * BubbleUp and the entity lens mark such a number instead of ranking it as if certain.
 */
export function isUncertain(value: unknown, interval: Interval | null | undefined): boolean {
  if (!interval || typeof value !== 'number') return false;
  return interval[1] - interval[0] > Math.abs(value);
}
