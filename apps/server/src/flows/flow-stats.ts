// The numbers every node, edge and card carries: how many requests, how many failed, how
// fast, over the scope's time range; built from SQL's per-latency-bucket rows.
import { mergeBuckets, percentileOf, type LatencyBucket } from './latency-histogram.ts';
import type { FlowStats } from '@flashlight/api';
export type { FlowStats };

/** Requests, errors and latency buckets gathered for one node or edge. */
export class FlowTally {
  requests = 0;
  errors = 0;
  example: string | null = null;
  readonly buckets = new Map<number, LatencyBucket>();

  add(row: { n: unknown; e: unknown; b: unknown; mx: unknown; ex: unknown }): this {
    const weight = Number(row.n);
    this.requests += weight;
    this.errors += Number(row.e);
    mergeBuckets(this.buckets, [{ bucket: Number(row.b), weight, max: Number(row.mx) }]);
    const example = typeof row.ex === 'string' ? row.ex : null;
    if (example !== null && (this.example === null || example < this.example)) this.example = example;
    return this;
  }

  merge(other: FlowTally): this {
    this.requests += other.requests;
    this.errors += other.errors;
    mergeBuckets(this.buckets, other.buckets.values());
    if (other.example !== null && (this.example === null || other.example < this.example)) this.example = other.example;
    return this;
  }

  /** `rateOf` turns requests into a rate over the time that has passed of the range. */
  stats(rateOf: (requests: number) => number): FlowStats {
    return {
      requests: this.requests,
      rate: rateOf(this.requests),
      errors: this.errors,
      errorRate: this.requests > 0 ? this.errors / this.requests : 0,
      p50Ms: percentileOf(this.buckets.values(), 0.5),
      p99Ms: percentileOf(this.buckets.values(), 0.99),
      exampleTraceId: this.example,
    };
  }
}
