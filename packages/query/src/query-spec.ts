// The QuerySpec: Honeycomb's query specification, the one contract between the server,
// the UI and the CLI. This schema checks its shape; `validateQuery` checks it against
// the dataset's fields.
import { z } from 'zod';
import { CALCULATION_OPS, FILTER_OPS, HAVING_OPS } from './clauses/clause-ops.ts';
import { StructureSchema } from './relational/structure-spec.ts';

// The operator lists live in clauses/clause-ops.ts, zod-free, for the UI bundle; the schemas below derive from them.
export { PERCENTILES, CALCULATION_OPS, FILTER_OPS, HAVING_OPS } from './clauses/clause-ops.ts';
export type { PercentileOp, CalculationOp, FilterOp, HavingOp } from './clauses/clause-ops.ts';

const FilterValueSchema = z.union([z.string(), z.number(), z.boolean()]);
/** Most values an `in` / `not-in` filter lists. */
export const MAX_IN_VALUES = 1000;

// Strict objects throughout: a key we do not know (Honeycomb's calculation `name` and
// `filters` of its metrics beta, say) is refused by name, never ignored into a wrong answer.
export const CalculationSchema = z.strictObject({
  op: z.enum(CALCULATION_OPS),
  column: z.string().min(1).optional(),
});

export const FilterSchema = z.strictObject({
  column: z.string().min(1),
  op: z.enum(FILTER_OPS),
  value: z.union([FilterValueSchema, z.array(FilterValueSchema).max(MAX_IN_VALUES)]).optional(),
});

export const OrderSchema = z.strictObject({
  column: z.string().min(1).optional(),
  op: z.enum(CALCULATION_OPS).optional(),
  order: z.enum(['ascending', 'descending']).default('ascending'),
});

export const HavingSchema = z.strictObject({
  calculate_op: z.enum(CALCULATION_OPS),
  column: z.string().min(1).optional(),
  op: z.enum(HAVING_OPS),
  value: z.number(),
});

/** Honeycomb's own maximum. */
export const MAX_LIMIT = 10_000;
/** Most entries in each list of a spec: far beyond what a person asks, short of what would choke the engine. */
export const MAX_CLAUSES = 100;

/** Unix seconds up to the end of year 9999; a time in milliseconds is refused, not misread. */
const UnixSecondsSchema = z.number().int().nonnegative().max(253_402_300_799, 'must be in unix seconds (this looks like milliseconds)');

/** A derived column defined inline in a query (Honeycomb's `calculated_fields`), in the derived-column expression language. */
export const CalculatedFieldSchema = z.strictObject({
  name: z.string().min(1).max(255),
  expression: z.string().min(1).max(10_000),
});

/** A calculation of the `per` block: its answer is a column of the per-entity rows, under its `name`. */
export const PerCalculationSchema = CalculationSchema.extend({ name: z.string().min(1).max(255) });

/**
 * Per-entity aggregation (per/): one row per distinct combination of `breakdowns` (an
 * entity: a session, a user), with the named calculations over its events; the rest of the
 * spec then runs over those rows.
 */
export const PerSchema = z.strictObject({
  breakdowns: z.array(z.string().min(1)).min(1).max(MAX_CLAUSES),
  calculations: z.array(PerCalculationSchema).max(MAX_CLAUSES).default([]),
  filters: z.array(FilterSchema).max(MAX_CLAUSES).default([]),
  filter_combination: z.enum(['AND', 'OR']).default('AND'),
});

// Strict at the top: a Honeycomb key we do not support (compare_time_offset_seconds) must fail loudly rather than be ignored into a wrong answer.
export const QuerySpecSchema = z.strictObject({
  calculations: z.array(CalculationSchema).max(MAX_CLAUSES).default([]),
  filters: z.array(FilterSchema).max(MAX_CLAUSES).default([]),
  filter_combination: z.enum(['AND', 'OR']).default('AND'),
  breakdowns: z.array(z.string().min(1)).max(MAX_CLAUSES).default([]),
  orders: z.array(OrderSchema).max(MAX_CLAUSES).default([]),
  havings: z.array(HavingSchema).max(MAX_CLAUSES).default([]),
  limit: z.number().int().positive().max(MAX_LIMIT).optional(),
  /** Seconds back from now (or from `end_time`, or forward from `start_time`). */
  time_range: z.number().int().positive().optional(),
  /** Unix seconds. */
  start_time: UnixSecondsSchema.optional(),
  end_time: UnixSecondsSchema.optional(),
  /** Seconds per time bucket of the series. */
  granularity: z.number().int().positive().optional(),
  calculated_fields: z.array(CalculatedFieldSchema).max(MAX_CLAUSES).default([]),
  per: PerSchema.optional(),
  /** A confidence level in (0, 1), e.g. 0.95: every row and point then carries `ci` (docs/confidence.md). */
  confidence: z
    .number()
    .gt(0, 'must be a level between 0 and 1, e.g. 0.95')
    .lt(1, 'must be a level between 0 and 1, e.g. 0.95')
    .optional()
    .describe(
      'A confidence level in (0, 1), e.g. 0.95: each result row and series point then carries `ci` (each calculation’s interval) and `uncertain` (docs/confidence.md).',
    ),
  /** `traces`: one row per trace with a matching event instead of events or aggregates (relational/trace-results.ts). */
  results: z.enum(['events', 'traces']).optional(),
  /** Structural conditions: the span has a child, descendant or sibling that matches (relational/structure-spec.ts). */
  get has() {
    return z.array(StructureSchema).max(MAX_CLAUSES).default([]);
  },
});

export type QuerySpec = z.infer<typeof QuerySpecSchema>;
export type QuerySpecInput = z.input<typeof QuerySpecSchema>;
export type Calculation = z.infer<typeof CalculationSchema>;
export type Filter = z.infer<typeof FilterSchema>;
export type Order = z.infer<typeof OrderSchema>;
export type Having = z.infer<typeof HavingSchema>;
export type CalculatedField = z.infer<typeof CalculatedFieldSchema>;
export type PerSpec = z.infer<typeof PerSchema>;
export type PerCalculation = z.infer<typeof PerCalculationSchema>;
