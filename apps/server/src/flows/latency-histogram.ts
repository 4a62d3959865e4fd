// Latency percentiles without sorting spans: SQL counts each group's spans in buckets of
// 2% relative width (log scale) and keeps each bucket's largest value; a percentile is
// the largest value of the bucket where the running weight reaches its fraction. It is
// exact where a bucket holds one distinct value, and at most 2% high otherwise.
import { fn, op, val, type Expr } from '@flashlight/query';

/** Each bucket is this much wider than the one below it. */
export const BUCKET_GROWTH = 1.02;
/** Durations below this (ms) share the lowest bucket, so zero has a logarithm. */
const SMALLEST_MS = 0.001;

/** The latency bucket of a duration (ms). */
export function latencyBucket(duration: Expr): Expr {
  // log() is the natural logarithm in ClickHouse and base 10 in DuckDB; a ratio of two
  // logarithms of the same base is the same in both.
  return fn('floor', op('/', fn('log', fn('greatest', duration, val(SMALLEST_MS))), fn('log', val(BUCKET_GROWTH))));
}

export interface LatencyBucket {
  bucket: number;
  weight: number;
  /** The largest duration in the bucket, ms. */
  max: number;
}

/** Adds the buckets of `more` into `into` (same bucket: weights add, the larger max stays). */
export function mergeBuckets(into: Map<number, LatencyBucket>, more: Iterable<LatencyBucket>): Map<number, LatencyBucket> {
  for (const b of more) {
    const known = into.get(b.bucket);
    into.set(b.bucket, known ? { bucket: b.bucket, weight: known.weight + b.weight, max: Math.max(known.max, b.max) } : { ...b });
  }
  return into;
}

/** The weighted percentile (fraction 0..1) of the histogram, null when it is empty. */
export function percentileOf(buckets: Iterable<LatencyBucket>, fraction: number): number | null {
  const sorted = [...buckets].filter((b) => b.weight > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, b) => sum + b.weight, 0);
  if (total === 0) return null;
  let running = 0;
  for (const b of sorted) {
    running += b.weight;
    if (running >= fraction * total) return b.max;
  }
  return sorted[sorted.length - 1].max;
}
