// The rows a compiled query reads: one SELECT per table (a column a table lacks reads as
// NULL), UNION ALL, each row with its time bucket (`bucket`), sample-rate weight (`w`),
// group columns (`g0`, `g1`, ...) and measured columns (`v0`, `v1`, ...).
//
// With a CONCURRENCY, a span also stands in every later bucket its time in progress
// overlaps, up to the range's end: each row becomes one row per bucket it overlaps, and
// `c` holds the weighted milliseconds it spends in that bucket. Only the first of those
// rows carries the event (its weight and values); the others carry its time alone, so no
// other calculation sees them.
import type { DatasetTable } from './dataset-schema.ts';
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN } from './dataset-schema.ts';
import type { Dialect, SqlValue } from './dialect.ts';
import type { AggregateNode, QueryPlan } from './query-plan.ts';
import { predicateSql } from './predicate-sql.ts';

export function scanSql(plan: QueryPlan, dialect: Dialect, value: (v: SqlValue) => string): string {
  const id = (name: string) => dialect.quoteIdentifier(name);
  const concurrency = plan.aggregates.find((a): a is AggregateNode & { kind: 'concurrency'; measure: number } => a.kind === 'concurrency');
  const scanTable = (table: DatasetTable): string => {
    const column = (physical: string) => (table.columns.has(physical) ? id(physical) : 'NULL');
    const ts = id(TIMESTAMP_COLUMN);
    const origin = () => value(plan.bucketOriginUs);
    const bucketUs = () => value(plan.bucketUs);
    const select = [
      ...(concurrency ? [`${dialect.toDouble(dialect.epochMicros(ts))} AS ${id('t')}`] : []),
      `${origin()} + floor((${dialect.epochMicros(ts)} - ${origin()}) / ${bucketUs()}) * ${bucketUs()} AS ${id('bucket')}`,
      `coalesce(${id(SAMPLE_RATE_COLUMN)}, 1) AS ${id('w')}`,
      ...plan.groups.map((g, i) => `${column(g)} AS ${id(`g${i}`)}`),
      ...plan.measures.map((m, i) => `${column(m)} AS ${id(`v${i}`)}`),
    ];
    const where = [
      `${ts} >= ${dialect.timestampFromMicros(value(plan.startUs))}`,
      `${ts} < ${dialect.timestampFromMicros(value(plan.endUs))}`,
      ...(plan.filter ? [predicateSql(plan.filter, column, dialect, value)] : []),
    ];
    return `SELECT ${select.join(', ')} FROM ${id(table.table)} WHERE ${where.join(' AND ')}`;
  };
  const rows = plan.tables.map(scanTable).join(' UNION ALL ');
  return concurrency ? inFlightSql(rows, plan, concurrency.measure, dialect, value) : rows;
}

/** `rows` (with `t`, the start in µs) as one row per bucket each span overlaps, with its weighted time there in `c`. */
function inFlightSql(rows: string, plan: QueryPlan, duration: number, dialect: Dialect, value: (v: SqlValue) => string): string {
  const id = (name: string) => dialect.quoteIdentifier(name);
  const [t, end, k, first, weight] = ['t', 'e', 'k', 'first', 'weight'].map(id);
  const bucketUs = () => value(plan.bucketUs);
  const groups = plan.groups.map((_, i) => id(`g${i}`));
  const measured = plan.measures.map((_, i) => id(`m${i}`));
  // Renamed first: an engine may read a select-list alias in place of the column it hides.
  // `e` is where the span stops counting: its end, or the range's end; its start without a
  // duration (least() and greatest() skip NULLs on some engines, so none is left to them).
  const ends = [
    t,
    `${id('bucket')} AS ${first}`,
    `${id('w')} AS ${weight}`,
    ...groups,
    ...plan.measures.map((_, i) => `${id(`v${i}`)} AS ${measured[i]}`),
    `CASE WHEN ${id(`v${duration}`)} IS NULL THEN ${t} ELSE least(${t} + ${dialect.toDouble(id(`v${duration}`))} * 1000, ${dialect.toDouble(value(plan.endUs))}) END AS ${end}`,
  ];
  const buckets = `CASE WHEN ${end} > ${t} THEN floor((${end} - 1 - ${first}) / ${bucketUs()}) + 1 ELSE 1 END`;
  const numbered = `SELECT *, ${dialect.rowsNumbered(buckets)} AS ${k} FROM (SELECT ${ends.join(', ')} FROM (${rows}) AS ${id('events')}) AS ${id('spans')}`;
  const from = `${first} + ${k} * ${bucketUs()}`;
  const within = `least(${end}, ${from} + ${bucketUs()}) - greatest(${t}, ${from})`;
  const overlapUs = `CASE WHEN ${within} > 0 THEN ${within} ELSE 0 END`;
  const select = [
    `${from} AS ${id('bucket')}`,
    `CASE WHEN ${k} = 0 THEN ${weight} ELSE 0 END AS ${id('w')}`,
    ...groups,
    ...measured.map((m, i) => `CASE WHEN ${k} = 0 THEN ${m} END AS ${id(`v${i}`)}`),
    `${weight} * ${overlapUs} / 1000 AS ${id('c')}`,
  ];
  return `SELECT ${select.join(', ')} FROM (${numbered}) AS ${id('overlaps')}`;
}
