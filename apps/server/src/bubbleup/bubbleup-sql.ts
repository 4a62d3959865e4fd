// The statements behind a BubbleUp, as node trees every engine's printer writes: the
// weights and events of selection and baseline, then every column's value counts for both
// (each column keeping only its top values, so high-cardinality columns cannot blow up the
// answer; numeric columns in buckets of their finite range in the rows read). Callers pass
// a bounded batch of columns per statement: where a named relation can be computed once,
// the rows read are kept and each column grouped from them (UNION ALL); elsewhere the
// columns are measured in one scan and every value counted in another (count-pass.ts).
// A side with many events is read in time slices (time-sample.ts).
import {
  NULL,
  SAMPLE_RATE_COLUMN,
  TIMESTAMP_COLUMN,
  and,
  array,
  as,
  by,
  caseWhen,
  cast,
  countDistinct,
  crossJoin,
  cte,
  derived,
  desc,
  eq,
  fn,
  id,
  inList,
  isNull,
  lit,
  named,
  not,
  op,
  or,
  parens,
  predicateExpr,
  select,
  star,
  table as fromTable,
  tableColumn,
  typedNull,
  unionAll,
  tuple,
  val,
  type DatasetTable,
  type DerivedColumns,
  type Expr,
  type FieldInfo,
  type PredicateNode,
  type QueryNode,
} from '@flashlight/query';
import type { TimeSlice } from './time-sample.ts';

/** The rows a BubbleUp reads, and which of them are selected. */
export interface BubbleUpScope {
  tables: readonly DatasetTable[];
  /** The query's time range, µs: selection and baseline together. */
  startUs: number;
  endUs: number;
  /** The query's own filters. */
  filter: PredicateNode | null;
  /** The selection inside the query's rows: its filters and its time window. */
  selection: PredicateNode | null;
  selectionStartUs: number;
  selectionEndUs: number;
  /** The derived columns the filters, the selection and the counted columns read, by their plan keys. */
  derived: DerivedColumns;
}

/** How one column is counted: by value, or by equal buckets of its range in the events read. */
export interface CountedColumn {
  field: FieldInfo;
  kind: 'values' | 'buckets';
}

/** Values listed per column, the most prominent in either selection or baseline first. */
export const TOP_VALUES = 20;
/** Values read per column: the listed ones and the runners-up they were chosen from, for the chance (chance.ts). */
export const VALUES_READ = 100;
/** Equal-width buckets of a numeric column's range. */
export const NUMERIC_BUCKETS = 20;
/**
 * A value seen in fewer events than this cannot show a difference: it is left to the
 * others. Otherwise a unique id (a trace id) would seem to separate any selection
 * perfectly, and fill the column's top values. Numeric buckets are ranges, not
 * identities: a sparse one still says where the values lie.
 */
export const MIN_EVENTS_PER_VALUE = 5;

/** A table's physical column, or NULL where the table has none. */
type Column = (physical: string) => Expr;

const [w, s, ts] = [id('w'), id('s'), id(TIMESTAMP_COLUMN)];
const count = () => fn('count', star());
const sum = (value: Expr) => fn('sum', value);
/** The selected weight of a group. */
const selectedWeight = () => sum(op('*', w, s));

/** Event times in [startUs, endUs). */
const timeRange = ([startUs, endUs]: TimeSlice) =>
  and(op('>=', ts, fn('timestampFromMicros', val(startUs))), op('<', ts, fn('timestampFromMicros', val(endUs))));

/** The conditions that select an event: the selection's time window and its filters. */
function selectedConditions(scope: BubbleUpScope, column: Column): Expr[] {
  return [timeRange([scope.selectionStartUs, scope.selectionEndUs]), ...(scope.selection ? [predicateExpr(scope.selection, column)] : [])];
}

/** `selected` as a 1/0 number. */
const selectedFlag = (scope: BubbleUpScope, column: Column) => caseWhen([[and(...selectedConditions(scope, column)), lit(1)]], lit(0));

/**
 * The query's own filters on one table, within the time slices read: their outer bounds
 * (a plain range the engine prunes storage by), and each slice when there are several.
 */
function inQuery(scope: BubbleUpScope, column: Column, slices: readonly TimeSlice[]): Expr[] {
  return [
    timeRange([slices[0][0], slices[slices.length - 1][1]]),
    ...(slices.length > 1 ? [parens(or(...slices.map((slice) => parens(timeRange(slice)))))] : []),
    ...(scope.filter ? [predicateExpr(scope.filter, column)] : []),
  ];
}

/** The sample-rate weight of a stored event. */
const sampleWeight = () => fn('coalesce', id(SAMPLE_RATE_COLUMN), lit(1));

/**
 * Weights of the selection (`selected`) and of all the query's rows (`total`), the
 * events stored for the selection and for the whole query, unweighted (`selected_events`,
 * `events`), and the times of the first and last selected events, µs (`first_us`,
 * `last_us`), from one scan of the time column, the sample rates and the selection's columns.
 */
export function compileBubbleUpTotals(scope: BubbleUpScope): QueryNode {
  const rows = scope.tables.map((table) => {
    const column = tableColumn(table, scope.derived);
    return select({
      columns: [as(sampleWeight(), 'w'), as(selectedFlag(scope, column), 's'), as(fn('epochMicros', ts), 't')],
      from: fromTable(table.table),
      where: and(...inQuery(scope, column, [[scope.startUs, scope.endUs]])),
    });
  });
  const whenSelected = caseWhen([[eq(s, lit(1)), id('t')]]);
  return select({
    columns: [
      as(selectedWeight(), 'selected'),
      as(sum(w), 'total'),
      as(sum(s), 'selected_events'),
      as(count(), 'events'),
      as(fn('min', whenSelected), 'first_us'),
      as(fn('max', whenSelected), 'last_us'),
    ],
    from: derived(unionAll(rows), 'scope'),
  });
}

/** Beyond this many branches of (table, time slice), a table's slices are read as one branch. */
const MAX_SLICE_BRANCHES = 256;

/**
 * The events of the selection, then of the baseline, as each side is read (whole, or in
 * time slices), as `w` (sample rate over the share of the side read), `s` (1 when
 * selected) and `v<i>` (the stored value of counted column i, for the columns given). The selection's own
 * conditions are written as they are, so the engine reads only the rows they select; a
 * slice per branch lets it skip the storage between slices (an OR of slices it cannot).
 * When both sides are read whole, one read of the query's rows flags the selected ones.
 */
function readRows(scope: BubbleUpScope, columns: readonly CountedColumn[], reads: SideReads): QueryNode {
  const whole = reads.selection.covered === 1 && reads.baseline.covered === 1;
  const sides = whole
    ? [{ read: { slices: [[scope.startUs, scope.endUs] as const], covered: 1 }, flag: (c: Column) => selectedFlag(scope, c), where: (): Expr[] => [] }]
    : [
        { read: reads.selection, flag: () => val(1), where: (c: Column) => selectedConditions(scope, c) },
        { read: reads.baseline, flag: () => val(0), where: (c: Column) => [eq(selectedFlag(scope, c), val(0))] },
      ];
  return unionAll(
    sides.flatMap(({ read, flag, where }) => {
      const perSlice = scope.tables.length * read.slices.length <= MAX_SLICE_BRANCHES;
      const ranges = perSlice ? read.slices.map((slice) => [slice]) : [read.slices];
      return scope.tables.flatMap((table: DatasetTable) =>
        ranges.map((slices) => {
          const column = tableColumn(table, scope.derived);
          return select({
            columns: [
              as(op('*', sampleWeight(), val(1 / read.covered)), 'w'),
              as(flag(column), 's'),
              // Numbers as doubles: integer and float columns, and one column's tables, share one type.
              ...columns.map((counted, i) => {
                const stored = column(counted.field.column);
                return as(counted.kind === 'buckets' ? fn('toDouble', stored) : stored, `v${i}`);
              }),
            ],
            from: fromTable(table.table),
            where: and(...inQuery(scope, column, slices), ...where(column)),
          });
        }),
      );
    }),
  );
}

/** How each side is read: its time slices, and the share of its window they cover. */
export interface SideRead {
  slices: readonly TimeSlice[];
  covered: number;
}
export interface SideReads {
  selection: SideRead;
  baseline: SideRead;
}

/** The `col` of the row that sums up the events read, for shares within what was read. */
export const READ_TOTALS = 'read';
/** The `col` of a string column's distinct values, before its index. */
export const DISTINCT_VALUES = 'distinct:';

/**
 * A numeric value's bucket, 0 to NUMERIC_BUCKETS-1, in [lo, hi] (the finite range of the
 * rows read), as a double: nothing non-finite is ever cast to an integer. ±Infinity land
 * in the outer buckets, NaN in none. Halves keep the width of the widest finite range
 * (±1.7e308) finite, and the division comes first so no product overflows.
 */
function numericBucket(value: Expr, lo: Expr, hi: Expr): Expr {
  const half = val(0.5);
  const position = op('/', parens(op('-', op('*', value, half), op('*', lo, half))), parens(op('-', op('*', hi, half), op('*', lo, half))));
  const last = lit(NUMERIC_BUCKETS - 1);
  return caseWhen(
    [
      [or(isNull(value), fn('isNaN', value)), NULL],
      [not(fn('isFinite', value)), parens(caseWhen([[op('>', value, lit(0)), last]], lit(0)))],
      [op('>', hi, lo), fn('least', fn('greatest', fn('floor', op('*', position, lit(NUMERIC_BUCKETS))), lit(0)), last)],
    ],
    lit(0),
  );
}

/** A boolean's value as 1/0. */
const booleanNumber = (value: Expr) =>
  caseWhen([
    [eq(value, val(true)), lit(1)],
    [eq(value, val(false)), lit(0)],
  ]);

/** A column's figures over the rows read: a numeric one's finite range, a string one's distinct values and events with one. */
function figuresOf(counted: CountedColumn, index: number): Expr[] {
  const v = id(`v${index}`);
  const finite = caseWhen([[fn('isFinite', v), v]]);
  if (counted.kind === 'buckets') return [as(fn('min', finite), `lo${index}`), as(fn('max', finite), `hi${index}`)];
  if (counted.field.type === 'string') return [as(countDistinct(v), `uniq${index}`), as(fn('count', v), `present${index}`)];
  return [];
}

/**
 * The weights and events of a group of the rows read, and the selection's Σ w(w−1)
 * (`sel_q`): the variance of its weighted count, for the "too few events" mark.
 */
const sums = () => [
  as(selectedWeight(), 'sel_w'),
  as(sum(w), 'all_w'),
  as(count(), 'events'),
  as(sum(s), 'sel_events'),
  as(sum(op('*', op('*', w, parens(op('-', w, lit(1)))), s)), 'sel_q'),
];
const none = (...names: string[]) => names.map((name) => as(NULL, name));

/** A value's share of the selection plus its share of the baseline: values common in either rank high. */
function prominence(weights: { selected: number; baseline: number }): Expr {
  const perSelected = val(weights.selected > 0 ? 1 / weights.selected : 0);
  const perBaseline = val(weights.baseline > 0 ? 1 / weights.baseline : 0);
  return op('+', op('*', selectedWeight(), perSelected), op('*', parens(op('-', sum(w), selectedWeight())), perBaseline));
}

/**
 * Per column (`col`, its index as text): each value (`sv` for strings, `nv` for a
 * boolean as 1/0 or a numeric bucket) with its selected weight (`sel_w`), its weight in
 * all the rows read (`all_w`) and its events read (`events`, `sel_events`). Each column
 * keeps its VALUES_READ values with the largest sum of shares in selection and baseline,
 * so a value common in either is kept, and the chance of the top ones can be simulated.
 * A numeric column is cut into NUMERIC_BUCKETS equal buckets of its finite range in the
 * rows read (`lo`, `hi` on each of its rows; none when it has no value there). A string
 * column has one more row with its distinct values (`uniq`) and events with a value (`present`).
 * One more row (`col` = READ_TOTALS) holds the weights of all rows read and their events.
 * The rows read (a bounded batch of columns) are kept in a named relation computed once,
 * and each column grouped from them, the groups joined by UNION ALL.
 */
export function compileBubbleUpCounts(
  scope: BubbleUpScope,
  columns: readonly CountedColumn[],
  weights: { selected: number; baseline: number },
  reads: SideReads,
): QueryNode {
  const [sv, nv] = [id('sv'), id('nv')];
  const figures = columns.flatMap((counted, index) => figuresOf(counted, index));
  const branches = columns.map((counted, index) => {
    const v = id(`v${index}`);
    const [lo, hi] = [id(`lo${index}`), id(`hi${index}`)];
    const valueColumns =
      counted.kind === 'buckets'
        ? [as(NULL, 'sv'), as(numericBucket(v, lo, hi), 'nv'), as(fn('min', lo), 'lo'), as(fn('min', hi), 'hi')]
        : counted.field.type === 'boolean'
          ? [as(NULL, 'sv'), as(booleanNumber(v), 'nv'), ...none('lo', 'hi')]
          : [as(v, 'sv'), as(NULL, 'nv'), ...none('lo', 'hi')];
    const counts = select({
      columns: [as(val(String(index)), 'col'), ...valueColumns, ...none('uniq', 'present'), ...sums()],
      from: named('scope'),
      joins: counted.kind === 'buckets' ? [crossJoin(named('stats'))] : [],
      groupBy: [sv, nv],
      having: counted.kind === 'values' ? op('>=', count(), val(MIN_EVENTS_PER_VALUE)) : undefined,
      orderBy: [desc(prominence(weights)), by(sv), by(nv)],
      limit: val(VALUES_READ),
    });
    return select({ columns: [star()], from: derived(counts, `c${index}`) });
  });
  // A string column's distinct values, on a row of its own: its values may all be too rare to list.
  const distinct = columns.flatMap((counted, index) =>
    counted.kind === 'values' && counted.field.type === 'string'
      ? [
          select({
            columns: [
              as(val(`${DISTINCT_VALUES}${index}`), 'col'),
              ...none('sv', 'nv', 'lo', 'hi'),
              as(id(`uniq${index}`), 'uniq'),
              as(id(`present${index}`), 'present'),
              ...none('sel_w', 'all_w', 'events', 'sel_events', 'sel_q'),
            ],
            from: named('stats'),
          }),
        ]
      : [],
  );
  const totals = select({ columns: [as(val(READ_TOTALS), 'col'), ...none('sv', 'nv', 'lo', 'hi', 'uniq', 'present'), ...sums()], from: named('scope') });
  const kept = [
    cte('scope', readRows(scope, columns, reads), 'materialize'),
    ...(figures.length > 0 ? [cte('stats', select({ columns: figures, from: named('scope') }), 'materialize')] : []),
  ];
  return unionAll([...branches, ...distinct, totals], { with: kept });
}

/**
 * Every column's figures over the rows read, from one scan: a numeric column's finite
 * range (`lo<i>`, `hi<i>`), a string column's distinct values and events with a value
 * (`uniq<i>`, `present<i>`), and the weights and events of all rows read (`sel_w`,
 * `all_w`, `events`, `sel_events`). For engines that count every column in one scan
 * (compileUnpivotedCounts), where a branch per column would read the storage per column.
 */
export function compileColumnFigures(scope: BubbleUpScope, columns: readonly CountedColumn[], reads: SideReads): QueryNode {
  const figures = columns.flatMap((counted, index) => figuresOf(counted, index));
  return select({ columns: [...figures, ...sums()], from: derived(readRows(scope, columns, reads), 'scope') });
}

/**
 * Every column's value counts from one scan: each row read becomes one cell per column,
 * (`col`, `sv`, `nv`) as compileBubbleUpCounts writes them, unnested from a list of tuples;
 * one GROUP BY counts them all, and a limit per `col` keeps each column's VALUES_READ most
 * prominent values. Numeric buckets cut the ranges of `figures` (compileColumnFigures).
 */
export function compileUnpivotedCounts(
  scope: BubbleUpScope,
  columns: readonly CountedColumn[],
  figures: Readonly<Record<string, unknown>>,
  weights: { selected: number; baseline: number },
  reads: SideReads,
): QueryNode {
  const bound = (name: string) => (typeof figures[name] === 'number' && Number.isFinite(figures[name]) ? val(figures[name]) : val(0));
  const cells = columns.map((counted, index) => {
    const v = id(`v${index}`);
    const text = counted.kind === 'values' && counted.field.type === 'string' ? cast(v, 'text') : typedNull('text');
    const number =
      counted.kind === 'buckets' ? numericBucket(v, bound(`lo${index}`), bound(`hi${index}`)) : counted.field.type === 'boolean' ? booleanNumber(v) : NULL;
    return tuple(val(String(index)), text, cast(number, 'double'));
  });
  const cell = (position: number) => fn('tupleElement', id('cell'), lit(position));
  const col = id('col');
  const bucketed = columns.flatMap((counted, index) => (counted.kind === 'buckets' ? [val(String(index))] : []));
  const unpivoted = select({ columns: [w, s, as(fn('unnest', array(...cells)), 'cell')], from: derived(readRows(scope, columns, reads), 'scope') });
  return select({
    columns: [as(cell(1), 'col'), as(cell(2), 'sv'), as(cell(3), 'nv'), ...sums()],
    from: derived(unpivoted, 'cells'),
    groupBy: [col, id('sv'), id('nv')],
    // Numeric buckets are ranges, never too rare to list (see MIN_EVENTS_PER_VALUE).
    having: or(op('>=', count(), val(MIN_EVENTS_PER_VALUE)), ...(bucketed.length > 0 ? [inList(col, bucketed)] : [])),
    orderBy: [by(col), desc(prominence(weights)), by(id('sv')), by(id('nv'))],
    limitBy: { limit: lit(VALUES_READ), by: [col] },
  });
}
