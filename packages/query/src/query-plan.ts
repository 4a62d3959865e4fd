// The compiler's intermediate form: a validated query as a tree of small frozen nodes
// that name physical tables and columns only. Dialects turn it into SQL; nothing in it
// is SQL text, and every value in it leaves as a parameter.
import type { DatasetTable } from './dataset-schema.ts';
import type { StringMatch } from './dialect.ts';
import type { FilterValue, ValidQuery } from './validate-query.ts';
import { isPercentile, UNRANKABLE_OPS } from './validate-query.ts';
import { PERCENTILES, type HavingOp } from './query-spec.ts';
import { derivedColumnsOf, type DerivedColumns } from './derived/derived-columns.ts';
import { planPer, type PerPlan } from './per/plan-per.ts';
import { planConfidence, type ConfidencePlan } from './confidence/confidence-plan.ts';
import { relationalPlan, type RelationalPlan } from './relational/relational-plan.ts';

export type ComparisonOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** A condition on one row. `negated` conditions also hold where the column is missing. */
export type PredicateNode =
  | { readonly kind: 'compare'; readonly column: string; readonly op: ComparisonOp; readonly value: FilterValue }
  | { readonly kind: 'match'; readonly column: string; readonly match: StringMatch; readonly value: string; readonly negated: boolean }
  | { readonly kind: 'in'; readonly column: string; readonly values: readonly FilterValue[]; readonly negated: boolean }
  | { readonly kind: 'present'; readonly column: string; readonly negated: boolean }
  | { readonly kind: 'combine'; readonly op: 'AND' | 'OR'; readonly items: readonly PredicateNode[] };

/** One aggregate over a group; `measure` indexes `QueryPlan.measures`. */
export type AggregateNode =
  | { readonly kind: 'count' }
  | { readonly kind: 'sum' | 'avg' | 'min' | 'max' | 'countDistinct' | 'concurrency'; readonly measure: number }
  /** SUM of an integer field: an integer, exact beyond 2^53 (calculation-sql.ts). */
  | { readonly kind: 'sum'; readonly measure: number; readonly integer: true }
  | { readonly kind: 'percentile'; readonly measure: number; readonly fraction: number }
  /**
   * The weighted quantiles of `measure` at every fraction asked of it, as one array in the
   * order percentileFractions lists them: its percentiles' and these `fractions` (confidence/).
   */
  | { readonly kind: 'quantileLadder'; readonly measure: number; readonly fractions: readonly number[] }
  | { readonly kind: 'heatmap'; readonly measure: number; readonly buckets: number }
  /** A partial sum of a confidence interval (confidence/): over every event, or over those with a value of `measure`. */
  | { readonly kind: 'sampleTerm'; readonly term: 'q' }
  | { readonly kind: 'sampleTerm'; readonly term: 'weight' | 'q0' | 'q1' | 'q2'; readonly measure: number };

export type OrderNode =
  | { readonly by: 'group'; readonly index: number; readonly descending: boolean }
  | { readonly by: 'aggregate'; readonly index: number; readonly descending: boolean };

export interface HavingNode {
  readonly aggregate: number;
  readonly op: HavingOp;
  readonly value: number;
}

export interface QueryPlan {
  /** The tables read; a column a table lacks reads as NULL there. */
  readonly tables: readonly DatasetTable[];
  readonly startUs: number;
  readonly endUs: number;
  readonly bucketUs: number;
  /**
   * Buckets start at multiples of the granularity since the epoch, so the same bucket is
   * the same period in every query and its time is round; the first may begin before startUs.
   */
  readonly bucketOriginUs: number;
  readonly filter: PredicateNode | null;
  /** Physical columns grouped by, in breakdown order. */
  readonly groups: readonly string[];
  /** Physical columns aggregated, each once. */
  readonly measures: readonly string[];
  readonly aggregates: readonly AggregateNode[];
  readonly havings: readonly HavingNode[];
  /** Ranks the groups; every group column takes part, so ties rank the same each time. */
  readonly orders: readonly OrderNode[];
  readonly limit: number;
  /** Derived columns the query reads, by the key that stands for them where a physical column would. */
  readonly derived?: DerivedColumns;
  /** Set when the query reads per-entity rows (per/), made from the events by this plan, in place of its tables. */
  readonly per?: PerPlan;
  /** With `confidence`: where each calculation's interval reads its partial sums, aggregates after the calculations'. */
  readonly confidence?: ConfidencePlan;
  /** Relational fields the query filters or groups by (relational/). */
  readonly relational?: RelationalPlan;
}

/** Rows of a heatmap: the measured range is cut into this many equal buckets. */
export const HEATMAP_BUCKETS = 20;

function freezeDeep<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) freezeDeep(child);
    Object.freeze(value);
  }
  return value;
}

function filterNode(filter: ValidQuery['filters'][number]): PredicateNode {
  const column = filter.field.column;
  const [value] = filter.values;
  switch (filter.op) {
    case '=':
    case '!=':
    case '>':
    case '>=':
    case '<':
    case '<=':
      return { kind: 'compare', column, op: filter.op, value };
    case 'starts-with':
    case 'does-not-start-with':
      return { kind: 'match', column, match: 'prefix', value: String(value), negated: filter.op !== 'starts-with' };
    case 'ends-with':
    case 'does-not-end-with':
      return { kind: 'match', column, match: 'suffix', value: String(value), negated: filter.op !== 'ends-with' };
    case 'contains':
    case 'does-not-contain':
      return { kind: 'match', column, match: 'substring', value: String(value), negated: filter.op !== 'contains' };
    case 'in':
    case 'not-in':
      return { kind: 'in', column, values: filter.values, negated: filter.op === 'not-in' };
    case 'exists':
    case 'does-not-exist':
      return { kind: 'present', column, negated: filter.op === 'does-not-exist' };
  }
}

/** Lowers a validated query onto the tables it reads. */
export function planQuery(query: ValidQuery, tables: readonly DatasetTable[]): QueryPlan {
  const measures: string[] = [];
  const measure = (column: string) => {
    if (!measures.includes(column)) measures.push(column);
    return measures.indexOf(column);
  };
  const aggregates = query.calculations.map((calculation): AggregateNode => {
    const { op, field } = calculation;
    if (op === 'COUNT') return { kind: 'count' };
    const index = measure(field!.column);
    if (isPercentile(op)) return { kind: 'percentile', measure: index, fraction: PERCENTILES[op] };
    switch (op) {
      case 'HEATMAP':
        return { kind: 'heatmap', measure: index, buckets: HEATMAP_BUCKETS };
      case 'CONCURRENCY':
        return { kind: 'concurrency', measure: index };
      case 'COUNT_DISTINCT':
        return { kind: 'countDistinct', measure: index };
      // A rate is the change of its underlying aggregate between buckets, taken after the query.
      case 'SUM':
        return field!.type === 'integer' && !field!.expression ? { kind: 'sum', measure: index, integer: true } : { kind: 'sum', measure: index };
      case 'RATE_SUM':
        return { kind: 'sum', measure: index };
      case 'AVG':
      case 'RATE_AVG':
        return { kind: 'avg', measure: index };
      case 'MIN':
        return { kind: 'min', measure: index };
      default:
        return { kind: 'max', measure: index };
    }
  });
  const confidence = planConfidence(query, aggregates, measure);
  const filters = query.filters.filter((f) => !f.field.relation).map(filterNode);
  const orders: OrderNode[] = query.orders.map((order) =>
    order.by === 'breakdown'
      ? { by: 'group', index: order.index, descending: order.descending }
      : { by: 'aggregate', index: order.index, descending: order.descending },
  );
  // Honeycomb's default: the largest first by the first calculation that can rank.
  if (orders.length === 0) {
    const first = query.calculations.findIndex((c) => !UNRANKABLE_OPS.has(c.op));
    if (first >= 0) orders.push({ by: 'aggregate', index: first, descending: true });
  }
  query.breakdowns.forEach((_, index) => {
    if (!orders.some((o) => o.by === 'group' && o.index === index)) orders.push({ by: 'group', index, descending: false });
  });

  return freezeDeep({
    tables: (query.per ? [query.per.table] : tables).map((t) => ({ ...t })),
    startUs: query.startUs,
    endUs: query.endUs,
    bucketUs: query.granularitySeconds * 1e6,
    bucketOriginUs: Math.floor(query.startUs / (query.granularitySeconds * 1e6)) * query.granularitySeconds * 1e6,
    filter: filters.length === 0 ? null : filters.length === 1 ? filters[0] : { kind: 'combine', op: query.filterCombination, items: filters },
    groups: query.breakdowns.map((field) => field.column),
    measures,
    aggregates,
    havings: query.havings.map((having) => ({ aggregate: having.calculation, op: having.op, value: having.value })),
    orders,
    limit: query.limit,
    ...(query.traces ? { relational: relationalPlan(query, filterNode) } : {}),
    derived: derivedColumnsOf([...query.calculations.map((c) => c.field), ...query.breakdowns, ...query.filters.map((f) => f.field)]),
    ...(query.per ? { per: planPer(query.per, tables) } : {}),
    ...(confidence ? { confidence } : {}),
  });
}
