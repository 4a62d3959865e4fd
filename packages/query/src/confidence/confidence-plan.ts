// What a query with `confidence` adds to its plan: the partial sums its intervals are made
// of, as aggregates of their own after the calculations' (so every statement shape answers
// and merges them as it does any sum, across time buckets and shards), and one array of
// the quantiles of each percentile's ladder per measure. Without `confidence` nothing is added.
import type { AggregateNode } from '../query-plan.ts';
import type { ValidQuery } from '../validate-query.ts';
import { PERCENTILES } from '../query-spec.ts';
import { isPercentile } from '../validate-query.ts';
import { percentileFractions } from '../calculation-sql.ts';
import { ladderFractions } from './quantile-ladder.ts';
import { twoSidedZ } from './normal-quantile.ts';

/** The partial sums of a measured column, by aggregate index (see sample-intervals.ts). */
export interface MeasureTerms {
  readonly weight: number;
  readonly q0: number;
  readonly q1: number;
  readonly q2: number;
}

/** How a calculation's interval is made, with the aggregates it reads. */
export type CalculationConfidence =
  | { readonly method: 'count' }
  | { readonly method: 'sum'; readonly terms: Pick<MeasureTerms, 'q2'> }
  | { readonly method: 'avg'; readonly terms: MeasureTerms }
  | {
      readonly method: 'percentile';
      readonly fraction: number;
      readonly terms: Pick<MeasureTerms, 'weight' | 'q0'>;
      /** The aggregate holding the measure's quantiles array, and the fraction of each of its items. */
      readonly ladder: { readonly aggregate: number; readonly fractions: readonly number[] };
    }
  /** No estimate of its spread (MIN, MAX, COUNT_DISTINCT, CONCURRENCY, HEATMAP): an interval only where the group is unsampled. */
  | { readonly method: 'exact-only' };

export interface ConfidencePlan {
  readonly level: number;
  readonly z: number;
  /** The aggregate holding Σ w(w−1) over the group's events: 0 where none is sampled. */
  readonly q: number;
  /** Parallel to the query's calculations. */
  readonly calculations: readonly CalculationConfidence[];
}

/**
 * Appends the aggregates `query.confidence` needs to `aggregates` (the calculations'
 * answers, in order) and says where each interval reads them. `measure` gives a column's
 * measure index.
 */
export function planConfidence(query: ValidQuery, aggregates: AggregateNode[], measure: (column: string) => number): ConfidencePlan | undefined {
  if (query.confidence === undefined) return undefined;
  const indexOf = (node: AggregateNode) => {
    const key = JSON.stringify(node);
    const found = aggregates.findIndex((a) => JSON.stringify(a) === key);
    if (found >= 0) return found;
    aggregates.push(node);
    return aggregates.length - 1;
  };
  const q = indexOf({ kind: 'sampleTerm', term: 'q' });
  const term = (name: 'weight' | 'q0' | 'q1' | 'q2', m: number) => indexOf({ kind: 'sampleTerm', term: name, measure: m });
  const termsOf = (m: number): MeasureTerms => ({ weight: term('weight', m), q0: term('q0', m), q1: term('q1', m), q2: term('q2', m) });
  // Every rung of a measure's percentiles in one array: the engine sorts the measure's values
  // once for all its fractions, and the statement names the aggregate once, not per rung.
  const rungs = new Map<number, Set<number>>();
  query.calculations.forEach(({ op, field }) => {
    if (!isPercentile(op)) return;
    const m = measure(field!.column);
    rungs.set(m, new Set([...(rungs.get(m) ?? []), ...ladderFractions(PERCENTILES[op])]));
  });
  const ladders = new Map(
    [...rungs].map(([m, fractions]) => [m, indexOf({ kind: 'quantileLadder', measure: m, fractions: [...fractions].sort((a, b) => a - b) })]),
  );
  const asked = percentileFractions(aggregates);
  const calculations = query.calculations.map(({ op, field }): CalculationConfidence => {
    if (op === 'COUNT') return { method: 'count' };
    const m = measure(field!.column);
    if (op === 'SUM' || op === 'RATE_SUM') return { method: 'sum', terms: { q2: term('q2', m) } };
    if (op === 'AVG' || op === 'RATE_AVG') return { method: 'avg', terms: termsOf(m) };
    if (isPercentile(op)) {
      const ladder = { aggregate: ladders.get(m)!, fractions: asked.get(m)! };
      return { method: 'percentile', fraction: PERCENTILES[op], terms: { weight: term('weight', m), q0: term('q0', m) }, ladder };
    }
    return { method: 'exact-only' };
  });
  return { level: query.confidence, z: twoSidedZ(query.confidence), q, calculations };
}
