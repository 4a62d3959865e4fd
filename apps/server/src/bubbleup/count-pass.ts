// One pass of BubbleUp over a batch of columns: the rows compileBubbleUpCounts describes
// (each column's values, a string column's distinct values, the totals of the rows read),
// however the engine counts them. Where a named relation can be computed once, the rows
// read are kept and grouped per column; elsewhere (ClickHouse, whose every subquery of a
// Distributed table is a round of reads across the shards) the columns are measured in
// one scan and all counted in a second.
import { printSql, type Dialect, type QueryNode } from '@flashlight/query';
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
  const run = async (query: QueryNode) => {
    const { sql, params } = printSql(query, dialect);
    return store.query(sql, params);
  };
  if (dialect.materializedRelations) return (await run(compileBubbleUpCounts(scope, columns, weights, reads))) as unknown as CountedRow[];
  const [figures = {}] = await run(compileColumnFigures(scope, columns, reads));
  const rows = columns.length > 0 ? ((await run(compileUnpivotedCounts(scope, columns, figures, weights, reads))) as unknown as CountedRow[]) : [];
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
