// @flashlight/query: the QuerySpec, its validation, the compiler and its SQL dialects.
// No I/O: the server runs the SQL, the UI and the CLI share the types.
export type { FieldType, FieldInfo, DatasetTable, QueryTarget } from './dataset-schema.ts';
export { TIMESTAMP_COLUMN, SAMPLE_RATE_COLUMN, commonFieldType } from './dataset-schema.ts';
export {
  QuerySpecSchema,
  CalculationSchema,
  FilterSchema,
  OrderSchema,
  HavingSchema,
  PerSchema,
  PerCalculationSchema,
  CALCULATION_OPS,
  FILTER_OPS,
  HAVING_OPS,
  PERCENTILES,
  MAX_LIMIT,
  MAX_CLAUSES,
} from './query-spec.ts';
export type { QuerySpec, QuerySpecInput, Calculation, CalculationOp, Filter, FilterOp, Order, Having, HavingOp, PercentileOp } from './query-spec.ts';
export type { PerSpec, PerCalculation } from './query-spec.ts';
export { QueryError } from './query-error.ts';
export { issuePath, issueSentence } from './issue-sentence.ts';
export { validateQuery, calculationName, ALL_DATASETS, DEFAULT_LIMIT, DURATION_FIELD } from './validate-query.ts';
export { resolveQueryTime, MAX_BUCKETS, TARGET_POINTS } from './query-time.ts';
export { DEFAULT_TIME_RANGE_SECONDS, queryWindow } from './time-window.ts';
export type { TimeWindow } from './time-window.ts';
export type { QueryTime } from './query-time.ts';
export type { ValidQuery, ValidCalculation, ValidFilter, ValidOrder, ValidHaving, FilterValue } from './validate-query.ts';
export { planQuery, HEATMAP_BUCKETS } from './query-plan.ts';
export type { QueryPlan, PredicateNode, AggregateNode, OrderNode, HavingNode } from './query-plan.ts';
export { predicateExpr } from './predicate-sql.ts';
export { tableColumn, timeWithin, bucketOf } from './scan-sql.ts';
export { compileQuery, compilePrepared, compileRangeQuery, prepareQuery } from './compile-query.ts';
export type { CompiledQuery, CompiledSql, PreparedQuery, ResultLayout } from './compile-query.ts';
export type { Dialect, SqlValue, EngineDialectName } from './dialect.ts';
export { duckDbDialect } from './duckdb-dialect.ts';
export { clickHouseDialect, clickHouseStringLiteral, clickHouseNumberLiteral, wellFormedText } from './clickhouse-dialect.ts';
export { shapeQueryResult } from './shape-result.ts';
export type { QueryResult, ResultData, HeatmapValue, ResultConfidence, TraceMatch } from './query-result.ts';
export { countInterval, sumInterval, avgInterval, avgVariance, percentileInterval, linearInterval, isUncertain } from './confidence/sample-intervals.ts';
export type { Interval, MeasureSums } from './confidence/sample-intervals.ts';
export { twoSidedZ } from './confidence/normal-quantile.ts';
export { ladderFractions, quantileFromLadder } from './confidence/quantile-ladder.ts';
export type { ConfidencePlan, CalculationConfidence } from './confidence/confidence-plan.ts';
export { printSql } from './dialect.ts';
export type { PrintedSql } from './sql/sql-printer.ts';
export { printStatement } from './sql/statement-printer.ts';
export type { ColumnDefinition, CreateTableNode, DeleteNode, InsertNode, StatementNode, UpdateNode } from './sql/statement-node.ts';
export { column, createTable, deleteFrom, insert, insertInto, update, valOrNull } from './sql/statement-build.ts';
export type { Expr, QueryNode, SelectNode, UnionNode, FromNode, JoinNode, CteNode, OrderItem, SqlType, FilteredAggregate } from './sql/sql-node.ts';
export {
  aggregateState,
  and,
  array,
  as,
  asc,
  by,
  caseWhen,
  cast,
  countDistinct,
  crossJoin,
  cte,
  derived,
  desc,
  element,
  eq,
  filtered,
  fn,
  grouping,
  id,
  inList,
  isNotNull,
  isNull,
  join,
  joinOne,
  knownRangeBucket,
  leftJoin,
  lit,
  mergeStates,
  named,
  not,
  NULL,
  nullSafeEq,
  op,
  or,
  over,
  parens,
  select,
  star,
  subquery,
  table,
  tuple,
  typedNull,
  unionAll,
  unnest,
  val,
  weightedQuantiles,
} from './sql/sql-build.ts';
export { RELATIONS, GROUPABLE_RELATIONS, splitRelational } from './relational/relational-fields.ts';
export type { Relation, TraceUniverse, TraceScope, TraceColumns } from './relational/relational-fields.ts';
export type { RelationalPlan } from './relational/relational-plan.ts';
export { refuseRelational } from './relational/relational-plan.ts';
export { relatedRows } from './relational/related-rows.ts';
export { spansWhere, spanKey, isSpan } from './relational/trace-spans.ts';
export { matchingTracesStatement, matchingSpansStatement, traceSummaryStatement, MAX_MATCHING_SPANS } from './relational/trace-results.ts';
export { parseExpression } from './derived/parse-expression.ts';
export type { ExpressionNode, LiteralValue } from './derived/parse-expression.ts';
export { tokenizeExpression } from './derived/tokenize-expression.ts';
export type { Token } from './derived/tokenize-expression.ts';
export { ExpressionError } from './derived/expression-error.ts';
export type { Position } from './derived/expression-error.ts';
export { checkExpression, derivedFieldType, quoteColumn } from './derived/check-expression.ts';
export type { ExpressionScope } from './derived/check-expression.ts';
export { FUNCTIONS, FUNCTION_NAMES } from './derived/expression-functions.ts';
export type { FunctionSignature } from './derived/expression-functions.ts';
export type { TypedExpression, ValueType } from './derived/expression-types.ts';
export { derivedFieldsOfTarget, withCalculatedFields } from './derived/derived-fields.ts';
export { derivedColumnsOf } from './derived/derived-columns.ts';
export { NUMBER_TEXT, RFC3339_TEXT } from './derived/compile-expression.ts';
export type { DerivedColumns } from './derived/derived-columns.ts';
