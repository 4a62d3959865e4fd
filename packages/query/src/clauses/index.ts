// `@flashlight/query/clauses`: the QuerySpec's operators and the text grammar of its
// clauses, without zod, for the UI bundle and the CLI.
export {
  PERCENTILES,
  CALCULATION_OPS,
  COLUMNLESS_OPS,
  FILTER_OPS,
  VALUELESS_FILTER_OPS,
  LIST_FILTER_OPS,
  HAVING_OPS,
  RELATIONS,
  GROUPABLE_RELATIONS,
} from './clause-ops.ts';
export type { PercentileOp, CalculationOp, FilterOp, HavingOp, Relation } from './clause-ops.ts';
export {
  calculationOp,
  isColumnlessOp,
  formatCalculation,
  parseCalculation,
  formatValue,
  parseValue,
  formatFilter,
  parseFilter,
  formatOrder,
  parseOrder,
  formatHaving,
  parseHaving,
} from './clause-text.ts';
export type { Parsed, ClauseValue, CalculationClause, FilterClause, OrderClause, HavingClause } from './clause-text.ts';
export { parsePer, formatPer } from './per-clause.ts';
export type { PerClause } from './per-clause.ts';
