// One pass of BubbleUp over a batch of columns: the rows compileBubbleUpCounts describes
// (each column's values, a string column's distinct values, the totals of the rows read),
// however the engine counts them. DuckDB keeps the rows read and groups them per column;
// ClickHouse, whose every subquery of a Distributed table is a round of reads across the
// shards, measures the columns in one scan and counts them all in a second.
import type { Dialect } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import {
  DISTINCT_VALUES,
  READ_TOTALS,
  compileBubbleUpCounts,
  compileColumnFigures,
  compileUnpivotedCounts,
  type BubbleUpScope,
  type CountedColumn,
  type SideReads,
} from './bubbleup-sql.ts';
import type { CountRow } from './rank-columns.ts';

/** A counted row, and for a numeric column's buckets the range they cut. */
export type CountedRow = CountRow & { lo?: unknown; hi?: unknown };

export async function countPass(
  store: Store,
  scope: BubbleUpScope,
  columns: readonly CountedColumn[],
  weights: { selected: number; baseline: number },
  reads: SideReads,
  dialect: Dialect,
): Promise<CountedRow[]> {
  if (dialect.name !== 'clickhouse') {
    const counts = compileBubbleUpCounts(scope, columns, weights, reads, dialect);
    return (await store.query(counts.sql, counts.params)) as unknown as CountedRow[];
  }
  const measure = compileColumnFigures(scope, columns, reads, dialect);
  const [figures = {}] = await store.query(measure.sql, measure.params);
  const counts = columns.length > 0 ? compileUnpivotedCounts(scope, columns, figures, weights, reads, dialect) : null;
  const rows = counts ? ((await store.query(counts.sql, counts.params)) as unknown as CountedRow[]) : [];
  const none = { sv: null, nv: null, sel_w: null, all_w: null, events: null, sel_events: null };
  return [
    ...rows.map((row) =>
      columns[Number(row.col)]?.kind === 'buckets' ? { ...row, lo: figures[`lo${String(row.col)}`], hi: figures[`hi${String(row.col)}`] } : row,
    ),
    ...columns.flatMap((counted, index) =>
      counted.kind === 'values' && counted.field.type === 'string'
        ? [{ ...none, col: `${DISTINCT_VALUES}${index}`, uniq: figures[`uniq${index}`], present: figures[`present${index}`] }]
        : [],
    ),
    { ...none, col: READ_TOTALS, sel_w: figures.sel_w, all_w: figures.all_w, events: figures.events, sel_events: figures.sel_events },
  ];
}
