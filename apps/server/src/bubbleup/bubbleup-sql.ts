// The statements behind a BubbleUp, for any dialect: the weights and events of selection
// and baseline, then every column's value counts for both (each column keeping only its
// top values, so high-cardinality columns cannot blow up the answer; numeric columns in
// buckets of their finite range in the rows read). Callers pass a bounded batch of columns
// per statement: DuckDB keeps the rows read and groups each column (UNION ALL); ClickHouse
// measures the columns in one scan and counts every value in another (count-pass.ts).
// A side with many events is read in time slices (time-sample.ts).
// Identifiers are generated physical names through the dialect; values are parameters.
import {
  NULL,
  SAMPLE_RATE_COLUMN,
  TIMESTAMP_COLUMN,
  id as columnId,
  predicateExpr,
  type DatasetTable,
  type Dialect,
  type FieldInfo,
  type PredicateNode,
  type SqlValue,
} from '@flashlight/query';
import type { TimeSlice } from './time-sample.ts';

export interface CompiledStatement {
  sql: string;
  params: unknown[];
}

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

interface Writer {
  id: (name: string) => string;
  value: (v: SqlValue) => string;
  params: unknown[];
}

function writer(dialect: Dialect): Writer {
  const params: unknown[] = [];
  return { id: (name) => dialect.quoteIdentifier(name), value: (v) => dialect.parameter(v, params), params };
}

/** A filter on one table's rows, whose columns `column` writes (NULL where the table has none). */
const predicateSql = (node: PredicateNode, column: (physical: string) => string, dialect: Dialect, sql: Writer) =>
  dialect.printer(sql.params).expr(predicateExpr(node, (physical) => (column(physical) === 'NULL' ? NULL : columnId(physical))));

/** The conditions that select an event: the selection's time window and its filters. */
function selectedConditions(scope: BubbleUpScope, dialect: Dialect, sql: Writer, column: (physical: string) => string): string[] {
  const ts = sql.id(TIMESTAMP_COLUMN);
  const from = (us: number) => dialect.timestampFromMicros(sql.value(us));
  return [
    `${ts} >= ${from(scope.selectionStartUs)}`,
    `${ts} < ${from(scope.selectionEndUs)}`,
    ...(scope.selection ? [predicateSql(scope.selection, column, dialect, sql)] : []),
  ];
}

/** `selected` as a 1/0 number. */
const selectedFlag = (scope: BubbleUpScope, dialect: Dialect, sql: Writer, column: (physical: string) => string) =>
  `CASE WHEN ${selectedConditions(scope, dialect, sql, column).join(' AND ')} THEN 1 ELSE 0 END`;

/**
 * The query's own filters on one table, within the time slices read: their outer bounds
 * (a plain range the engine prunes storage by), and each slice when there are several.
 */
function inQuery(scope: BubbleUpScope, dialect: Dialect, sql: Writer, column: (physical: string) => string, slices: readonly TimeSlice[]): string[] {
  const ts = sql.id(TIMESTAMP_COLUMN);
  const from = (us: number) => dialect.timestampFromMicros(sql.value(us));
  const range = ([start, end]: TimeSlice) => `${ts} >= ${from(start)} AND ${ts} < ${from(end)}`;
  return [
    range([slices[0][0], slices[slices.length - 1][1]]),
    ...(slices.length > 1 ? [`(${slices.map((slice) => `(${range(slice)})`).join(' OR ')})`] : []),
    ...(scope.filter ? [predicateSql(scope.filter, column, dialect, sql)] : []),
  ];
}

/** A table's columns by physical name; a column the table lacks reads as NULL. */
const columnsOf = (table: DatasetTable, sql: Writer) => (physical: string) => (table.columns.has(physical) ? sql.id(physical) : 'NULL');

/**
 * Weights of the selection (`selected`) and of all the query's rows (`total`), the
 * events stored for the selection and for the whole query, unweighted (`selected_events`,
 * `events`), and the times of the first and last selected events, µs (`first_us`,
 * `last_us`), from one scan of the time column, the sample rates and the selection's columns.
 */
export function compileBubbleUpTotals(scope: BubbleUpScope, dialect: Dialect): CompiledStatement {
  const sql = writer(dialect);
  const { id } = sql;
  const rows = scope.tables
    .map((table) => {
      const column = columnsOf(table, sql);
      const select = [
        `coalesce(${id(SAMPLE_RATE_COLUMN)}, 1) AS ${id('w')}`,
        `${selectedFlag(scope, dialect, sql, column)} AS ${id('s')}`,
        `${dialect.epochMicros(id(TIMESTAMP_COLUMN))} AS ${id('t')}`,
      ];
      return `SELECT ${select.join(', ')} FROM ${id(table.table)} WHERE ${inQuery(scope, dialect, sql, column, [[scope.startUs, scope.endUs]]).join(' AND ')}`;
    })
    .join(' UNION ALL ');
  const select = [
    `sum(${id('w')} * ${id('s')}) AS ${id('selected')}`,
    `sum(${id('w')}) AS ${id('total')}`,
    `sum(${id('s')}) AS ${id('selected_events')}`,
    `count(*) AS ${id('events')}`,
    `min(CASE WHEN ${id('s')} = 1 THEN ${id('t')} END) AS ${id('first_us')}`,
    `max(CASE WHEN ${id('s')} = 1 THEN ${id('t')} END) AS ${id('last_us')}`,
  ];
  return { sql: `SELECT ${select.join(', ')} FROM (${rows}) AS ${id('scope')}`, params: sql.params };
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
function readRows(scope: BubbleUpScope, columns: ReadonlyMap<number, CountedColumn>, reads: SideReads, dialect: Dialect, sql: Writer): string {
  const { id, value } = sql;
  type Column = (physical: string) => string;
  const whole = reads.selection.covered === 1 && reads.baseline.covered === 1;
  const sides = whole
    ? [{ read: { slices: [[scope.startUs, scope.endUs] as const], covered: 1 }, flag: (c: Column) => selectedFlag(scope, dialect, sql, c), where: () => [] }]
    : [
        { read: reads.selection, flag: () => value(1), where: (c: Column) => selectedConditions(scope, dialect, sql, c) },
        { read: reads.baseline, flag: () => value(0), where: (c: Column) => [`${selectedFlag(scope, dialect, sql, c)} = ${value(0)}`] },
      ];
  return sides
    .flatMap(({ read, flag, where }) => {
      const perSlice = scope.tables.length * read.slices.length <= MAX_SLICE_BRANCHES;
      const ranges = perSlice ? read.slices.map((slice) => [slice]) : [read.slices];
      return scope.tables.flatMap((table) =>
        ranges.map((slices) => {
          const column = columnsOf(table, sql);
          const select = [
            `coalesce(${id(SAMPLE_RATE_COLUMN)}, 1) * ${value(1 / read.covered)} AS ${id('w')}`,
            `${flag(column)} AS ${id('s')}`,
            // Numbers as doubles: integer and float columns, and one column's tables, share one type.
            ...[...columns].map(
              ([i, counted]) =>
                `${counted.kind === 'buckets' ? dialect.toDouble(column(counted.field.column)) : column(counted.field.column)} AS ${id(`v${i}`)}`,
            ),
          ];
          const conditions = [...inQuery(scope, dialect, sql, column, slices), ...where(column)];
          return `SELECT ${select.join(', ')} FROM ${id(table.table)} WHERE ${conditions.join(' AND ')}`;
        }),
      );
    })
    .join(' UNION ALL ');
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
function numericBucket(value: string, lo: string, hi: string, half: string): string {
  const position = `(${value} * ${half} - ${lo} * ${half}) / (${hi} * ${half} - ${lo} * ${half})`;
  return (
    `CASE WHEN ${value} IS NULL OR isNaN(${value}) THEN NULL ` +
    `WHEN NOT isFinite(${value}) THEN (CASE WHEN ${value} > 0 THEN ${NUMERIC_BUCKETS - 1} ELSE 0 END) ` +
    `WHEN ${hi} > ${lo} THEN least(greatest(floor(${position} * ${NUMERIC_BUCKETS}), 0), ${NUMERIC_BUCKETS - 1}) ELSE 0 END`
  );
}

/** A column's figures over the rows read: a numeric one's finite range, a string one's distinct values and events with one. */
function figuresOf(counted: CountedColumn, index: number, id: (name: string) => string): string[] {
  const v = id(`v${index}`);
  const finite = `CASE WHEN isFinite(${v}) THEN ${v} END`;
  if (counted.kind === 'buckets') return [`min(${finite}) AS ${id(`lo${index}`)}`, `max(${finite}) AS ${id(`hi${index}`)}`];
  if (counted.field.type === 'string') return [`count(DISTINCT ${v}) AS ${id(`uniq${index}`)}`, `count(${v}) AS ${id(`present${index}`)}`];
  return [];
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
 * The rows read (a bounded batch of columns) are kept in a materialized CTE (DuckDB), and
 * each column grouped from them, the groups joined by UNION ALL.
 */
export function compileBubbleUpCounts(
  scope: BubbleUpScope,
  columns: readonly CountedColumn[],
  weights: { selected: number; baseline: number },
  reads: SideReads,
  dialect: Dialect,
): CompiledStatement {
  const sql = writer(dialect);
  const { id, value } = sql;
  const [w, s, sv, nv, selW, allW, scopeTable, stats] = ['w', 's', 'sv', 'nv', 'sel_w', 'all_w', 'scope', 'stats'].map(id);
  const figures = columns.flatMap((counted, index) => figuresOf(counted, index, id));
  const perSelected = value(weights.selected > 0 ? 1 / weights.selected : 0);
  const perBaseline = value(weights.baseline > 0 ? 1 / weights.baseline : 0);
  const sums = `sum(${w} * ${s}) AS ${selW}, sum(${w}) AS ${allW}, count(*) AS ${id('events')}, sum(${s}) AS ${id('sel_events')}`;
  const none = (...names: string[]) => names.map((name) => `NULL AS ${id(name)}`).join(', ');
  const branches = columns.map((counted, index) => {
    const v = id(`v${index}`);
    const [lo, hi] = [id(`lo${index}`), id(`hi${index}`)];
    const valueColumns =
      counted.kind === 'buckets'
        ? [`NULL AS ${sv}`, `${numericBucket(v, lo, hi, value(0.5))} AS ${nv}`, `min(${lo}) AS ${id('lo')}`, `min(${hi}) AS ${id('hi')}`]
        : counted.field.type === 'boolean'
          ? [`NULL AS ${sv}`, `CASE WHEN ${v} = ${value(true)} THEN 1 WHEN ${v} = ${value(false)} THEN 0 END AS ${nv}`, none('lo', 'hi')]
          : [`${v} AS ${sv}`, `NULL AS ${nv}`, none('lo', 'hi')];
    const selected = `sum(${w} * ${s})`;
    const prominence = `${selected} * ${perSelected} + (sum(${w}) - ${selected}) * ${perBaseline}`;
    const counts =
      `SELECT ${value(String(index))} AS ${id('col')}, ${valueColumns.join(', ')}, ${none('uniq', 'present')}, ${sums} ` +
      `FROM ${scopeTable}${counted.kind === 'buckets' ? ` CROSS JOIN ${stats}` : ''} GROUP BY ${sv}, ${nv}` +
      (counted.kind === 'values' ? ` HAVING count(*) >= ${value(MIN_EVENTS_PER_VALUE)}` : '') +
      ` ORDER BY ${prominence} DESC, ${sv}, ${nv} LIMIT ${value(VALUES_READ)}`;
    return `SELECT * FROM (${counts}) AS ${id(`c${index}`)}`;
  });
  // A string column's distinct values, on a row of its own: its values may all be too rare to list.
  const distinct = columns.flatMap((counted, index) =>
    counted.kind === 'values' && counted.field.type === 'string'
      ? [
          `SELECT ${value(`${DISTINCT_VALUES}${index}`)} AS ${id('col')}, ${none('sv', 'nv', 'lo', 'hi')}, ` +
            `${id(`uniq${index}`)} AS ${id('uniq')}, ${id(`present${index}`)} AS ${id('present')}, ${none('sel_w', 'all_w', 'events', 'sel_events')} FROM ${stats}`,
        ]
      : [],
  );
  const totals = `SELECT ${value(READ_TOTALS)} AS ${id('col')}, ${none('sv', 'nv', 'lo', 'hi', 'uniq', 'present')}, ${sums} FROM ${scopeTable}`;
  const rows = readRows(scope, new Map(columns.map((counted, index) => [index, counted])), reads, dialect, sql);
  const kept = [
    `${scopeTable} AS MATERIALIZED (${rows})`,
    ...(figures.length > 0 ? [`${stats} AS MATERIALIZED (SELECT ${figures.join(', ')} FROM ${scopeTable})`] : []),
  ];
  return { sql: `WITH ${kept.join(', ')} ${[...branches, ...distinct, totals].join(' UNION ALL ')}`, params: sql.params };
}

/**
 * Every column's figures over the rows read, from one scan: a numeric column's finite
 * range (`lo<i>`, `hi<i>`), a string column's distinct values and events with a value
 * (`uniq<i>`, `present<i>`), and the weights and events of all rows read (`sel_w`,
 * `all_w`, `events`, `sel_events`). For engines that count every column in one scan
 * (compileUnpivotedCounts), where a branch per column would read the storage per column.
 */
export function compileColumnFigures(scope: BubbleUpScope, columns: readonly CountedColumn[], reads: SideReads, dialect: Dialect): CompiledStatement {
  const sql = writer(dialect);
  const { id } = sql;
  const figures = columns.flatMap((counted, index) => figuresOf(counted, index, id));
  const [w, s] = [id('w'), id('s')];
  const sums = [`sum(${w} * ${s}) AS ${id('sel_w')}`, `sum(${w}) AS ${id('all_w')}`, `count(*) AS ${id('events')}`, `sum(${s}) AS ${id('sel_events')}`];
  const rows = readRows(scope, new Map(columns.map((counted, index) => [index, counted])), reads, dialect, sql);
  return { sql: `SELECT ${[...figures, ...sums].join(', ')} FROM (${rows}) AS ${id('scope')}`, params: sql.params };
}

/**
 * Every column's value counts from one scan (ClickHouse): each row read becomes one cell
 * per column, (`col`, `sv`, `nv`) as compileBubbleUpCounts writes them, joined onto it as
 * an array; one GROUP BY counts them all, and `LIMIT … BY` keeps each column's VALUES_READ
 * most prominent values. Numeric buckets cut the ranges of `figures` (compileColumnFigures).
 */
export function compileUnpivotedCounts(
  scope: BubbleUpScope,
  columns: readonly CountedColumn[],
  figures: Readonly<Record<string, unknown>>,
  weights: { selected: number; baseline: number },
  reads: SideReads,
  dialect: Dialect,
): CompiledStatement {
  const sql = writer(dialect);
  const { id, value } = sql;
  const [w, s] = [id('w'), id('s')];
  const bound = (name: string) => (typeof figures[name] === 'number' && Number.isFinite(figures[name]) ? value(figures[name]) : value(0));
  const cells = columns.map((counted, index) => {
    const v = id(`v${index}`);
    const text = counted.kind === 'values' && counted.field.type === 'string' ? `toNullable(toString(${v}))` : 'CAST(NULL AS Nullable(String))';
    const number =
      counted.kind === 'buckets'
        ? numericBucket(v, bound(`lo${index}`), bound(`hi${index}`), value(0.5))
        : counted.field.type === 'boolean'
          ? `CASE WHEN ${v} = ${value(true)} THEN 1 WHEN ${v} = ${value(false)} THEN 0 END`
          : 'NULL';
    return `tuple(${value(String(index))}, ${text}, CAST(${number} AS Nullable(Float64)))`;
  });
  const rows = readRows(scope, new Map(columns.map((counted, index) => [index, counted])), reads, dialect, sql);
  const selected = `sum(${w} * ${s})`;
  const prominence = `${selected} * ${value(weights.selected > 0 ? 1 / weights.selected : 0)} + (sum(${w}) - ${selected}) * ${value(weights.baseline > 0 ? 1 / weights.baseline : 0)}`;
  const bucketed = columns.flatMap((counted, index) => (counted.kind === 'buckets' ? [value(String(index))] : []));
  const select = [
    `tupleElement(${id('cell')}, 1) AS ${id('col')}`,
    `tupleElement(${id('cell')}, 2) AS ${id('sv')}`,
    `tupleElement(${id('cell')}, 3) AS ${id('nv')}`,
    `${selected} AS ${id('sel_w')}`,
    `sum(${w}) AS ${id('all_w')}`,
    `count(*) AS ${id('events')}`,
    `sum(${s}) AS ${id('sel_events')}`,
  ];
  // Numeric buckets are ranges, never too rare to list (see MIN_EVENTS_PER_VALUE).
  const listed = `count(*) >= ${value(MIN_EVENTS_PER_VALUE)}${bucketed.length > 0 ? ` OR ${id('col')} IN (${bucketed.join(', ')})` : ''}`;
  return {
    sql:
      `SELECT ${select.join(', ')} FROM (SELECT ${w}, ${s}, arrayJoin([${cells.join(', ')}]) AS ${id('cell')} FROM (${rows}) AS ${id('scope')}) AS ${id('cells')} ` +
      `GROUP BY ${id('col')}, ${id('sv')}, ${id('nv')} HAVING ${listed} ` +
      `ORDER BY ${id('col')}, ${prominence} DESC, ${id('sv')}, ${id('nv')} LIMIT ${VALUES_READ} BY ${id('col')}`,
    params: sql.params,
  };
}
