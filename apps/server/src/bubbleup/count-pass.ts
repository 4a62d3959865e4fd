// One pass of BubbleUp over a batch of columns: the rows compileBubbleUpCounts describes
// (each column's values, a string column's distinct values, the totals of the rows read),
// however the engine counts them. Where a named relation can be computed once (DuckDB),
// the rows read are kept and grouped per column, a few columns per statement; elsewhere
// (ClickHouse, whose every subquery of a Distributed table is a round of reads across the
// shards) the columns are measured in one scan and all counted in a second.
import type { Dialect, QueryNode } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';
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

/**
 * Columns grouped per DuckDB statement. Each column's GROUP BY holds a hash table of its
 * own (about 8 MiB with its allocations) until the statement ends: 100 columns at once
 * took 830 MiB, past the memory limit; ten at a time take a tenth of it, in the same time.
 */
const GROUPED_COLUMNS_PER_STATEMENT = 10;

export async function countPass(
  store: Store,
  scope: BubbleUpScope,
  columns: readonly CountedColumn[],
  weights: { selected: number; baseline: number },
  reads: SideReads,
  dialect: Dialect,
): Promise<CountedRow[]> {
  const run: RunQuery = (query) => runNode(store, query);
  if (dialect.materializedRelations) return groupedCounts(run, columns, (slice) => compileBubbleUpCounts(scope, slice, weights, reads));
  const [figures = {}] = await run(compileColumnFigures(scope, columns, reads));
  const rows = columns.length > 0 ? ((await run(compileUnpivotedCounts(scope, columns, figures, weights, reads))) as unknown as CountedRow[]) : [];
  const none = { sv: null, nv: null, sel_w: null, all_w: null, events: null, sel_events: null, sel_q: null };
  return [
    ...rows.map((row) =>
      columns[Number(row.col)]?.kind === 'buckets' ? { ...row, lo: figures[`lo${String(row.col)}`], hi: figures[`hi${String(row.col)}`] } : row,
    ),
    ...columns.flatMap((counted, index) =>
      counted.kind === 'values' && counted.field.type === 'string'
        ? [{ ...none, col: `${DISTINCT_VALUES}${index}`, uniq: figures[`uniq${index}`], present: figures[`present${index}`] }]
        : [],
    ),
    { ...none, col: READ_TOTALS, sel_w: figures.sel_w, all_w: figures.all_w, events: figures.events, sel_events: figures.sel_events, sel_q: figures.sel_q },
  ];
}

type RunQuery = (query: QueryNode) => Promise<Record<string, unknown>[]>;

/** The counts of `count` over the columns a few at a time, as rows of one statement over them all. */
async function groupedCounts(run: RunQuery, columns: readonly CountedColumn[], count: (slice: readonly CountedColumn[]) => QueryNode): Promise<CountedRow[]> {
  const rows: CountedRow[] = [];
  for (let offset = 0; offset === 0 || offset < columns.length; offset += GROUPED_COLUMNS_PER_STATEMENT) {
    for (const row of (await run(count(columns.slice(offset, offset + GROUPED_COLUMNS_PER_STATEMENT)))) as unknown as CountedRow[]) {
      // Every statement reads the same rows: their totals are taken once.
      if (String(row.col) !== READ_TOTALS) rows.push(shiftedRow(row, offset));
      else if (offset === 0) rows.push(row);
    }
  }
  return rows;
}

/** A column's row counted among columns from `offset` on, as a row of a statement over all of them. */
export function shiftedRow(row: CountedRow, offset: number): CountedRow {
  const col = String(row.col);
  if (col.startsWith(DISTINCT_VALUES)) return { ...row, col: `${DISTINCT_VALUES}${offset + Number(col.slice(DISTINCT_VALUES.length))}` };
  return { ...row, col: String(offset + Number(col)) };
}
