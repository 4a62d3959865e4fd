// Each calculation's answer over a group, as nodes, once for every statement shape: an
// answer is made of partial aggregates (sums, counts, minima, maxima, distinct counts,
// weighted quantiles), and a statement says how it reads them: over the group's rows,
// merged from partials per time bucket, or over no rows at all.
import type { AggregateNode } from './query-plan.ts';
import type { Expr } from './sql/sql-node.ts';
import { caseWhen, countDistinct, element, eq, fn, id, isNull, lit, NULL, op, parens } from './sql/sql-build.ts';

export type PartialAggregate = 'sum' | 'count' | 'min' | 'max' | 'countDistinct' | 'quantiles';

/**
 * How an answer reads one of its partials; `measure` says whose weighted quantiles (an
 * array, one per fraction the statement asks of that measure).
 */
export type Aggregator = (partial: PartialAggregate, argument: Expr, measure?: number) => Expr;

/** The columns of the scanned rows every answer reads (see scan-sql.ts). */
export const WEIGHT = id('w');
export const measureColumn = (m: number) => id(`v${m}`);

/** Each aggregate straight over the group's rows; `quantiles` of a measure, where the engine has them. */
export const overRows =
  (quantiles?: (measure: number, value: Expr) => Expr): Aggregator =>
  (partial, argument, measure) => {
    if (partial === 'countDistinct') return countDistinct(argument);
    if (partial !== 'quantiles') return fn(partial, argument);
    if (!quantiles) throw new Error('this statement answers percentiles apart');
    return quantiles(measure!, argument);
  };

/**
 * The answer of `node` (one per bin for a heatmap). `periodMs` is the length of the group's
 * period; `binned` answers a heatmap's bin; `fractions` lists the fractions asked of each
 * percentile's measure, in the order its quantiles array answers them.
 */
export function calculationAnswer(
  node: AggregateNode,
  of: Aggregator,
  periodMs: Expr,
  binned: (measure: number, bin: number) => Expr,
  fractions?: ReadonlyMap<number, readonly number[]>,
): Expr[] {
  const v = 'measure' in node ? measureColumn(node.measure) : NULL;
  switch (node.kind) {
    case 'count':
      return [fn('coalesce', of('sum', WEIGHT), lit(0))];
    case 'sum':
      return ['integer' in node ? integerSum(of, v) : of('sum', op('*', WEIGHT, v))];
    case 'avg':
      // The weight of the rows with a value; 0 rather than NULL for the others keeps the sum
      // off nullable arithmetic (slower on ClickHouse), and without any value the sum above is NULL anyway.
      return [op('/', of('sum', op('*', WEIGHT, v)), of('sum', caseWhen([[isNull(v), lit(0)]], WEIGHT)))];
    case 'min':
    case 'max':
      return [of(node.kind, v)];
    case 'countDistinct':
      return [of('countDistinct', v)];
    case 'concurrency':
      // Weighted time in progress within the period (ms, `c` from the scan) over its length (ms).
      return [op('/', fn('coalesce', of('sum', id('c')), lit(0)), periodMs)];
    case 'percentile': {
      // Weighted, not interpolated: the smallest value whose cumulative weight reaches
      // the fraction of the group's total weight; NULL where the group has no value.
      const index = (fractions?.get(node.measure) ?? []).indexOf(node.fraction) + 1;
      if (index === 0) throw new Error(`no quantile asked of measure ${node.measure} at ${node.fraction}`);
      return [caseWhen([[eq(of('count', v), lit(0)), NULL]], element(of('quantiles', v, node.measure), index))];
    }
    case 'quantileLadder':
      // The whole array: one aggregate however many fractions it holds.
      return [of('quantiles', v, node.measure)];
    case 'heatmap':
      return Array.from({ length: node.buckets }, (_, k) => binned(node.measure, k));
    case 'sampleTerm':
      return [sampleTerm(node, of, v)];
  }
}

/**
 * Past this, an integer SUM answers NULL: ClickHouse sums Int64 in Int64 and wraps at
 * 2^63. Just below 2^63, so that the double sum that guards it cannot be near enough to
 * let a wrapped total through.
 */
const INTEGER_SUM_LIMIT = 9.2e18;

/**
 * The weighted SUM of an integer measure, as an integer exact beyond 2^53: the weights'
 * whole parts multiply in integers; their fractions (rare: sample rates are whole numbers
 * as libhoney and OTel send them) add their weighted values, rounded once, at the end.
 */
function integerSum(of: Aggregator, v: Expr): Expr {
  const whole = fn('floor', WEIGHT);
  const exact = of('sum', op('*', fn('wideInteger', whole), v));
  const fractions = of('sum', op('*', parens(op('-', WEIGHT, whole)), v));
  const approximate = of('sum', op('*', WEIGHT, v));
  return caseWhen([[op('<', fn('abs', approximate), lit(INTEGER_SUM_LIMIT)), op('+', exact, fn('wideInteger', fn('round', fractions)))]]);
}

/**
 * A partial sum of a confidence interval (confidence/sample-intervals.ts): Σ w(w−1) over
 * every event (`q`), or over the events with a value x: Σ w, Σ w(w−1), Σ w(w−1)x, Σ w(w−1)x².
 * The spreads in doubles: the squares of 64-bit integers would wrap.
 */
function sampleTerm(node: AggregateNode & { kind: 'sampleTerm' }, of: Aggregator, v: Expr): Expr {
  const w = fn('toDouble', WEIGHT);
  const spread = op('*', w, parens(op('-', w, lit(1))));
  const withValue = (term: Expr) => caseWhen([[isNull(v), lit(0)]], term);
  switch (node.term) {
    case 'q':
      return fn('coalesce', of('sum', spread), lit(0));
    case 'weight':
      // The very expression AVG divides by, so an engine computes it once for both.
      return of('sum', caseWhen([[isNull(v), lit(0)]], WEIGHT));
    case 'q0':
      return of('sum', withValue(spread));
    case 'q1':
      return of('sum', op('*', spread, v));
    case 'q2':
      return of('sum', op('*', op('*', spread, v), v));
  }
}

/** The fractions asked of each percentile's measure, in the order a quantiles array answers them. */
export function percentileFractions(aggregates: readonly AggregateNode[]): Map<number, number[]> {
  const fractions = new Map<number, number[]>();
  for (const a of aggregates) {
    if (a.kind !== 'percentile' && a.kind !== 'quantileLadder') continue;
    const list = fractions.get(a.measure) ?? [];
    for (const f of a.kind === 'percentile' ? [a.fraction] : a.fractions) if (!list.includes(f)) list.push(f);
    fractions.set(a.measure, list);
  }
  return fractions;
}
