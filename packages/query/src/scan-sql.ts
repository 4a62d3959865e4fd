// The rows a compiled query reads: one SELECT per table (a column a table lacks reads as
// NULL), UNION ALL, each row with its time bucket (`bucket`), sample-rate weight (`w`),
// group columns (`g0`, `g1`, ...) and measured columns (`v0`, `v1`, ...).
//
// With a CONCURRENCY, a span also stands in every later bucket its time in progress
// overlaps, up to the range's end: each row becomes one row per bucket it overlaps, and
// `c` holds the weighted milliseconds it spends in that bucket. Only the first of those
// rows carries the event (its weight and values); the others carry its time alone, so no
// other calculation sees them.
import type { DatasetTable, FieldType } from './dataset-schema.ts';
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN } from './dataset-schema.ts';
import type { AggregateNode, QueryPlan } from './query-plan.ts';
import { relatedRows } from './relational/related-rows.ts';
import { predicateExpr } from './predicate-sql.ts';
import { compileExpression } from './derived/compile-expression.ts';
import { NO_DERIVED_COLUMNS, type DerivedColumns } from './derived/derived-columns.ts';
import type { CteNode, Expr, QueryNode } from './sql/sql-node.ts';
import { perRowsQuery, type PercentileMethod } from './per/per-rows-sql.ts';
import { PER_ROWS } from './per/validate-per.ts';
import {
  and,
  as,
  cast,
  caseWhen,
  cte,
  derived,
  eq,
  fn,
  id,
  isNull,
  lit,
  NULL,
  op,
  parens,
  select,
  star,
  table as fromTable,
  unionAll,
  val,
} from './sql/sql-build.ts';

/**
 * A physical column of `table` as the type the field has across the tables queried with
 * it (`DatasetTable.casts`): numbers as doubles beside floats, anything as text beside
 * text (a boolean as `true`/`false`, as the type rules store one in a text field).
 */
export function physicalColumn(table: DatasetTable, column: string): Expr {
  if (!table.columns.has(column)) return NULL;
  const cast = table.casts?.get(column);
  return cast === undefined ? id(column) : readAs(id(column), cast.from, cast.to);
}

function readAs(value: Expr, from: FieldType, to: FieldType): Expr {
  if (to === 'float') return fn('toDouble', value);
  if (from === 'integer') return cast(value, 'text');
  if (from === 'float') return fn('doubleText', value);
  return caseWhen([
    [eq(value, val(true)), val('true')],
    [eq(value, val(false)), val('false')],
  ]);
}

/**
 * A column of `table`: a physical one, or NULL where the table has none; or a derived
 * column's expression over the table's columns, where `derived` holds its key.
 */
export const tableColumn = (table: DatasetTable, derived: DerivedColumns = NO_DERIVED_COLUMNS) => {
  const physical = (name: string): Expr => physicalColumn(table, name);
  return (column: string): Expr => {
    const expression = derived[column];
    return expression ? compileExpression(expression, (field) => physical(field.column)) : physical(column);
  };
};

/** Rows of `table` whose event time is in [startUs, endUs). */
export function timeWithin(startUs: number, endUs: number): Expr {
  const ts = id(TIMESTAMP_COLUMN);
  return and(op('>=', ts, fn('timestampFromMicros', val(startUs))), op('<', ts, fn('timestampFromMicros', val(endUs))));
}

/** `bucketUs`-long buckets from `originUs`: the start of the one `micros` falls in. */
export function bucketOf(micros: Expr, originUs: number, bucketUs: number): Expr {
  // A per block's one-microsecond buckets are the times themselves: no division per event.
  if (bucketUs === 1) return micros;
  const [origin, size] = [val(originUs), val(bucketUs)];
  return op('+', origin, op('*', fn('floor', op('/', parens(op('-', micros, origin)), size)), size));
}

/** `percentiles` says how a `per` query's entities take theirs (per/per-rows-sql.ts). */
export function scanQuery(plan: QueryPlan, percentiles: PercentileMethod = 'quantileStates'): QueryNode {
  const concurrency = plan.aggregates.find((a): a is AggregateNode & { kind: 'concurrency'; measure: number } => a.kind === 'concurrency');
  const related = plan.relational && relatedRows(plan.relational, plan);
  // A relational field's value is joined outside the union (relational/related-rows.ts), so no table's select reads it.
  const groups = plan.groups.map((key, i) => ({ name: `g${i}`, key })).filter(({ key }) => !related?.joins(key));
  const scanTable = (table: DatasetTable): QueryNode => {
    const column = tableColumn(table, plan.derived);
    const micros = fn('epochMicros', id(TIMESTAMP_COLUMN));
    return select({
      columns: [
        ...(concurrency ? [as(fn('toDouble', micros), 't')] : []),
        as(bucketOf(micros, plan.bucketOriginUs, plan.bucketUs), 'bucket'),
        as(fn('coalesce', id(SAMPLE_RATE_COLUMN), lit(1)), 'w'),
        ...groups.map(({ name, key }) => as(column(key), name)),
        ...plan.measures.map((m, i) => as(column(m), `v${i}`)),
        ...(related ? related.ids(table) : []),
      ],
      from: plan.per ? derived(perRowsQuery(plan.per, percentiles), PER_ROWS) : fromTable(table.table),
      where: and(timeWithin(plan.startUs, plan.endUs), ...(plan.filter ? [predicateExpr(plan.filter, column)] : [])),
    });
  };
  const union = unionAll(plan.tables.map(scanTable));
  const rows = related
    ? related.checked(union, [
        ...(concurrency ? [{ name: 't' }] : []),
        { name: 'bucket' },
        { name: 'w' },
        ...plan.groups.map((key, i) => ({ name: `g${i}`, key })),
        ...plan.measures.map((_, i) => ({ name: `v${i}` })),
      ])
    : union;
  const scan = concurrency ? inFlightQuery(rows, plan, concurrency.measure) : rows;
  return related && related.with.length > 0 ? { ...scan, with: [...related.with, ...(scan.with ?? [])] } : scan;
}

/**
 * The scan as the named relation `name`, after the relations it reads (relational fields'
 * sets): named beside it rather than inside, they are computed once however many times
 * the statement reads the scan.
 */
export function scanRelations(name: string, scan: QueryNode, reuse?: CteNode['reuse']): CteNode[] {
  const { with: inner, ...rest } = scan;
  return [...(inner ?? []), cte(name, rest, reuse)];
}

/** `rows` (with `t`, the start in µs) as one row per bucket each span overlaps, with its weighted time there in `c`. */
function inFlightQuery(rows: QueryNode, plan: QueryPlan, duration: number): QueryNode {
  const [t, end, k, first, weight] = ['t', 'e', 'k', 'first', 'weight'].map((name) => id(name));
  const bucketUs = val(plan.bucketUs);
  const groups = plan.groups.map((_, i) => id(`g${i}`));
  const measured = plan.measures.map((_, i) => `m${i}`);
  // Renamed first: an engine may read a select-list alias in place of the column it hides.
  // `e` is where the span stops counting: its end, or the range's end; its start without a
  // duration (least() and greatest() skip NULLs on some engines, so none is left to them).
  const durationMs = id(`v${duration}`);
  const ends = [
    t,
    as(id('bucket'), 'first'),
    as(id('w'), 'weight'),
    ...groups,
    ...plan.measures.map((_, i) => as(id(`v${i}`), measured[i])),
    as(caseWhen([[isNull(durationMs), t]], fn('least', op('+', t, op('*', fn('toDouble', durationMs), lit(1000))), fn('toDouble', val(plan.endUs)))), 'e'),
  ];
  const buckets = caseWhen([[op('>', end, t), op('+', fn('floor', op('/', parens(op('-', op('-', end, lit(1)), first)), bucketUs)), lit(1))]], lit(1));
  const spans = select({ columns: ends, from: derived(rows, 'events') });
  const numbered = select({ columns: [star(), as(fn('rowsNumbered', buckets), 'k')], from: derived(spans, 'spans') });
  const from = op('+', first, op('*', k, bucketUs));
  const within = op('-', fn('least', end, op('+', from, bucketUs)), fn('greatest', t, from));
  const overlapUs = caseWhen([[op('>', within, lit(0)), within]], lit(0));
  return select({
    columns: [
      as(from, 'bucket'),
      as(caseWhen([[eq(k, lit(0)), weight]], lit(0)), 'w'),
      ...groups,
      ...measured.map((m, i) => as(caseWhen([[eq(k, lit(0)), id(m)]]), `v${i}`)),
      as(op('/', op('*', weight, overlapUs), lit(1000)), 'c'),
    ],
    from: derived(numbered, 'overlaps'),
  });
}
