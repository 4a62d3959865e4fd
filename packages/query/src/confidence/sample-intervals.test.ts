// Coverage of the interval formulas: a known population sampled at rate 10 many times;
// the 95% intervals must contain the population's true value in 93–97% of the samples.
import { describe, expect, it } from 'vitest';
import {
  avgInterval,
  countInterval,
  isUncertain,
  linearInterval,
  percentileInterval,
  sumInterval,
  type Interval,
  type MeasureSums,
} from './sample-intervals.ts';
import { ladderFractions, quantileFromLadder } from './quantile-ladder.ts';
import { twoSidedZ } from './normal-quantile.ts';

/** mulberry32: the same seed draws the same samples, so the test is deterministic. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The smallest value whose cumulative weight reaches fraction × the total: the engines' weighted percentile. */
function weightedQuantile(sorted: readonly number[], weight: number, fraction: number): number {
  const target = fraction * sorted.length * weight;
  const index = Math.max(0, Math.ceil(target / weight - 1e-9) - 1);
  return sorted[Math.min(index, sorted.length - 1)];
}

const RATE = 10;
const POPULATION = 4000;
// Each run's hit or miss is a coin with p ≈ 0.95; over 2000 runs the observed coverage has
// a standard deviation of √(0.95·0.05/2000) ≈ 0.49%, so the 93–97% band lies four
// deviations either side of 95%: a formula that is right passes whatever the seed, and
// one that is off by two points fails. The whole loop takes about a second.
const RUNS = 2000;
const z = twoSidedZ(0.95);

describe('intervals on data sampled at rate 10', () => {
  const random = seededRandom(23);
  // A skewed population, like latencies: most fast, a long tail.
  const population = Array.from({ length: POPULATION }, () => Math.round(20 * Math.exp(1.2 * (random() + random() + random() - 1.5)) * 100) / 100);
  const sortedPopulation = [...population].sort((a, b) => a - b);
  const truth = {
    count: POPULATION,
    sum: population.reduce((s, x) => s + x, 0),
    avg: population.reduce((s, x) => s + x, 0) / POPULATION,
    p50: weightedQuantile(sortedPopulation, 1, 0.5),
  };

  const hits = { count: 0, sum: 0, avg: 0, p50: 0 };
  const contains = ([lo, hi]: Interval, value: number) => lo <= value && value <= hi;
  for (let run = 0; run < RUNS; run++) {
    const kept = population.filter(() => random() < 1 / RATE);
    // The partial sums one statement adds per group, each event weighing w = RATE.
    const w = RATE;
    const sums: MeasureSums = { weight: 0, q0: 0, q1: 0, q2: 0 };
    let sum = 0;
    for (const x of kept) {
      sums.weight += w;
      sum += w * x;
      sums.q0 += w * (w - 1);
      sums.q1 += w * (w - 1) * x;
      sums.q2 += w * (w - 1) * x * x;
    }
    // The percentile's quantiles as the engines answer them: at p and at its ladder.
    const sorted = kept.sort((a, b) => a - b);
    const rungs = [0.5, ...ladderFractions(0.5)].map((fraction) => ({ fraction, value: weightedQuantile(sorted, w, fraction) }));
    if (contains(countInterval(sums.weight, sums.q0, z), truth.count)) hits.count++;
    if (contains(sumInterval(sum, sums, z), truth.sum)) hits.sum++;
    if (contains(avgInterval(sum / sums.weight, sums, z), truth.avg)) hits.avg++;
    if (
      contains(
        percentileInterval(0.5, sums, z, (f) => quantileFromLadder(rungs, f))!,
        truth.p50,
      )
    )
      hits.p50++;
  }

  for (const name of ['count', 'sum', 'avg', 'p50'] as const) {
    it(`the 95% interval of ${name.toUpperCase()} holds the true value in 93–97% of ${RUNS} samples`, () => {
      const coverage = hits[name] / RUNS;
      expect(coverage).toBeGreaterThanOrEqual(0.93);
      expect(coverage).toBeLessThanOrEqual(0.97);
    });
  }
});

describe('intervals on unsampled data', () => {
  it('have zero width: every Σ w(w−1) is 0', () => {
    const sums: MeasureSums = { weight: 3, q0: 0, q1: 0, q2: 0 };
    expect(countInterval(3, 0, z)).toEqual([3, 3]);
    expect(sumInterval(12, sums, z)).toEqual([12, 12]);
    expect(avgInterval(4, sums, z)).toEqual([4, 4]);
    const rungs = [0.5, ...ladderFractions(0.5)].map((fraction) => ({ fraction, value: fraction < 0.5 ? 1 : fraction === 0.5 ? 4 : 7 }));
    expect(percentileInterval(0.5, sums, z, (f) => quantileFromLadder(rungs, f))).toEqual([4, 4]);
  });
});

describe('a rate between two buckets', () => {
  it('adds the buckets’ variances', () => {
    // (30 − 10) / 10 s, each bucket's SUM with variance 16: se = √32 / 10.
    const [lo, hi] = linearInterval(2, [1 / 10, -1 / 10], [16, 16], z);
    expect(hi - 2).toBeCloseTo((z * Math.sqrt(32)) / 10, 9);
    expect(2 - lo).toBeCloseTo(hi - 2, 9);
  });
});

describe('the "too few events" rule', () => {
  it('marks an interval wider than its value, and nothing without one', () => {
    expect(isUncertain(20, [0, 58])).toBe(true);
    expect(isUncertain(20110, [19480, 20740])).toBe(false);
    expect(isUncertain(-5, [-6, -4])).toBe(false);
    expect(isUncertain(null, [0, 1])).toBe(false);
    expect(isUncertain(3, null)).toBe(false);
  });
});

describe('the quantile ladder', () => {
  it('brackets p on both sides and reads between rungs', () => {
    const fractions = ladderFractions(0.99);
    expect(fractions.every((f) => f > 0 && f <= 1 && f !== 0.99)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    const rungs = [
      { fraction: 0.4, value: 10 },
      { fraction: 0.6, value: 20 },
    ];
    expect(quantileFromLadder(rungs, 0.5)).toBe(15);
    expect(quantileFromLadder(rungs, 0.1)).toBe(10);
    expect(quantileFromLadder(rungs, 0.9)).toBe(20);
  });
});

describe('an extreme percentile of few sampled events', () => {
  it('has an open end where the sample holds no value to bound it', () => {
    // Twelve events at rate 20: P99's share reaches past 1, so no kept value bounds it from above.
    const sums = { weight: 240, q0: 12 * 380 };
    const interval = percentileInterval(0.99, sums, z, () => 7)!;
    expect(interval[1]).toBe(Infinity);
    expect(isUncertain(7, interval)).toBe(true);
  });
});
