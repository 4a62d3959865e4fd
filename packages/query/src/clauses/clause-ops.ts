// The QuerySpec's operators, once: the zod schemas (query-spec.ts), the validator, the
// clause grammar, the UI's suggestions and the CLI all read these lists. No zod here, so
// the UI bundle can import them through `@flashlight/query/clauses`.

/** Percentile operators and the fraction each one asks for. */
export const PERCENTILES = {
  P001: 0.001,
  P01: 0.01,
  P05: 0.05,
  P10: 0.1,
  P20: 0.2,
  P25: 0.25,
  P50: 0.5,
  P75: 0.75,
  P80: 0.8,
  P90: 0.9,
  P95: 0.95,
  P99: 0.99,
  P999: 0.999,
} as const;

export type PercentileOp = keyof typeof PERCENTILES;

export const CALCULATION_OPS = [
  'COUNT',
  'CONCURRENCY',
  'SUM',
  'AVG',
  'MIN',
  'MAX',
  'COUNT_DISTINCT',
  'HEATMAP',
  ...(Object.keys(PERCENTILES) as PercentileOp[]),
  'RATE_AVG',
  'RATE_SUM',
  'RATE_MAX',
] as const;

export type CalculationOp = (typeof CALCULATION_OPS)[number];

/** Calculations that count events and take no column. */
export const COLUMNLESS_OPS: ReadonlySet<CalculationOp> = new Set(['COUNT', 'CONCURRENCY']);

export const FILTER_OPS = [
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'starts-with',
  'does-not-start-with',
  'ends-with',
  'does-not-end-with',
  'contains',
  'does-not-contain',
  'exists',
  'does-not-exist',
  'in',
  'not-in',
] as const;

export type FilterOp = (typeof FILTER_OPS)[number];

/** Filters on presence alone: they take no value. */
export const VALUELESS_FILTER_OPS: ReadonlySet<FilterOp> = new Set(['exists', 'does-not-exist']);
/** Filters that take a list of values. */
export const LIST_FILTER_OPS: ReadonlySet<FilterOp> = new Set(['in', 'not-in']);

export const HAVING_OPS = ['=', '!=', '>', '>=', '<', '<='] as const;

export type HavingOp = (typeof HAVING_OPS)[number];

/** Prefixes of relational fields (`root.name`): the span of the event's trace a filter reads (relational/). */
export const RELATIONS = ['root', 'parent', 'any', 'none'] as const;
export type Relation = (typeof RELATIONS)[number];
/** The relations that name one span per event, so their values can be grouped by. */
export const GROUPABLE_RELATIONS: readonly Relation[] = ['root', 'parent'];
