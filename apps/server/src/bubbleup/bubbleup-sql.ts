// The two statements behind a BubbleUp, for any dialect: the weights of selection and
// baseline with the range of every numeric column, then every column's value counts for
// both at once (one GROUP BY per column over the same rows, joined by UNION ALL, each
// keeping only its top values so high-cardinality columns cannot blow up the answer).
// Identifiers are generated physical names through the dialect; values are parameters.
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN, predicateSql, type DatasetTable, type Dialect, type FieldInfo, type PredicateNode, type SqlValue } from '@flashlight/query';

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

/** How one column is counted: by value, or by equal buckets of its measured range. */
export type CountedColumn =
  | { field: FieldInfo; kind: 'values' }
  | { field: FieldInfo; kind: 'buckets'; low: number; high: number };

/** Values kept per column, the most prominent in either selection or baseline first. */
export const TOP_VALUES = 20;
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

/**
 * The query's rows from every table as `w` (weight), `s` (1 when selected, else 0) and
 * the given expressions of the table's columns (a column a table lacks reads as NULL).
 */
function scopeRows(scope: BubbleUpScope, dialect: Dialect, sql: Writer, columns: (column: (physical: string) => string) => string[]): string {
  const { id, value } = sql;
  return scope.tables
    .map((table) => {
      const column = (physical: string) => (table.columns.has(physical) ? id(physical) : 'NULL');
      const ts = id(TIMESTAMP_COLUMN);
      const from = (us: number) => dialect.timestampFromMicros(value(us));
      const selected = [
        `${ts} >= ${from(scope.selectionStartUs)}`,
        `${ts} < ${from(scope.selectionEndUs)}`,
        ...(scope.selection ? [predicateSql(scope.selection, column, dialect, value)] : []),
      ];
      const where = [`${ts} >= ${from(scope.startUs)}`, `${ts} < ${from(scope.endUs)}`, ...(scope.filter ? [predicateSql(scope.filter, column, dialect, value)] : [])];
      const select = [`coalesce(${id(SAMPLE_RATE_COLUMN)}, 1) AS ${id('w')}`, `CASE WHEN ${selected.join(' AND ')} THEN 1 ELSE 0 END AS ${id('s')}`, ...columns(column)];
      return `SELECT ${select.join(', ')} FROM ${id(table.table)} WHERE ${where.join(' AND ')}`;
    })
    .join(' UNION ALL ');
}

/**
 * Weights of the selection (`selected`) and of all the query's rows (`total`), the events
 * stored for the selection, unweighted (`selected_events`), and the
 * range (`lo<i>`, `hi<i>`) of each numeric column, from one scan.
 */
export function compileBubbleUpTotals(scope: BubbleUpScope, numeric: readonly FieldInfo[], dialect: Dialect): CompiledStatement {
  const sql = writer(dialect);
  const { id } = sql;
  const rows = scopeRows(scope, dialect, sql, (column) => numeric.map((field, i) => `${column(field.column)} AS ${id(`v${i}`)}`));
  const ranges = numeric.flatMap((_, i) => [`min(${id(`v${i}`)}) AS ${id(`lo${i}`)}`, `max(${id(`v${i}`)}) AS ${id(`hi${i}`)}`]);
  const select = [`sum(${id('w')} * ${id('s')}) AS ${id('selected')}`, `sum(${id('w')}) AS ${id('total')}`, `sum(${id('s')}) AS ${id('selected_events')}`, ...ranges];
  return { sql: `SELECT ${select.join(', ')} FROM (${rows}) AS ${id('scope')}`, params: sql.params };
}

/**
 * Per column (`col`, its index as text): each value (`sv` for strings, `nv` for a
 * boolean as 1/0 or a numeric bucket) with its selected weight (`sel_w`) and its weight
 * in all the query's rows (`all_w`), and the events behind it unweighted (`events`). Each column keeps its TOP_VALUES values with the
 * largest sum of shares in selection and baseline, so a value common in either is kept.
 */
export function compileBubbleUpCounts(
  scope: BubbleUpScope,
  columns: readonly CountedColumn[],
  weights: { selected: number; baseline: number },
  dialect: Dialect,
): CompiledStatement {
  const sql = writer(dialect);
  const { id, value } = sql;
  const [w, s, sv, nv, selW, allW] = ['w', 's', 'sv', 'nv', 'sel_w', 'all_w'].map(id);
  const perSelected = value(weights.selected > 0 ? 1 / weights.selected : 0);
  const perBaseline = value(weights.baseline > 0 ? 1 / weights.baseline : 0);
  const branches = columns.map((counted, index) => {
    const valueColumns = (column: (physical: string) => string): string[] => {
      const physical = column(counted.field.column);
      if (counted.kind === 'buckets') {
        return [`NULL AS ${sv}`, `${dialect.histogramBucket(physical, value(counted.low), value(counted.high), NUMERIC_BUCKETS)} AS ${nv}`];
      }
      if (counted.field.type === 'boolean') {
        return [`NULL AS ${sv}`, `CASE WHEN ${physical} = ${value(true)} THEN 1 WHEN ${physical} = ${value(false)} THEN 0 END AS ${nv}`];
      }
      return [`${physical} AS ${sv}`, `NULL AS ${nv}`];
    };
    const rows = scopeRows(scope, dialect, sql, valueColumns);
    const selected = `sum(${w} * ${s})`;
    const prominence = `${selected} * ${perSelected} + (sum(${w}) - ${selected}) * ${perBaseline}`;
    const counts =
      `SELECT ${value(String(index))} AS ${id('col')}, ${sv}, ${nv}, ${selected} AS ${selW}, sum(${w}) AS ${allW} ` +
      `FROM (${rows}) AS ${id('scope')} GROUP BY ${sv}, ${nv}` +
      (counted.kind === 'values' ? ` HAVING count(*) >= ${value(MIN_EVENTS_PER_VALUE)}` : '') +
      ` ORDER BY ${prominence} DESC, ${sv}, ${nv} LIMIT ${value(TOP_VALUES)}`;
    return `SELECT * FROM (${counts}) AS ${id(`c${index}`)}`;
  });
  return { sql: branches.join(' UNION ALL '), params: sql.params };
}
