// The environment's spans as the relational reads see them: which rows are spans, the
// 64-bit key of a span within its trace, and one read of every span table in a window.
import type { DatasetTable } from '../dataset-schema.ts';
import { timeWithin } from '../scan-sql.ts';
import type { Expr, QueryNode } from '../sql/sql-node.ts';
import { and, caseWhen, fn, id, isNotNull, isNull, NULL, op, or, parens, select, table, unionAll, val } from '../sql/sql-build.ts';
import type { TraceColumns, TraceScope } from './relational-fields.ts';

export interface Window {
  startUs: number;
  endUs: number;
}

/**
 * A 64-bit key of a trace: the relations are sets of these and of span keys, never of the
 * ids' text, which DuckDB holds and compares at several times the cost.
 */
export const traceKey = (trace: Expr): Expr => caseWhen([[isNull(trace), NULL]], fn('hash', trace));

/** A 64-bit key of a span within its trace; NULL without an id. Joins and sets on it stay cheap (as the flows' joins do). */
export const spanKey = (trace: Expr, span: Expr): Expr => caseWhen([[or(isNull(trace), isNull(span)), NULL]], fn('hash', trace, span));

/** The spans of a table: events with trace and span ids that are not span events, links or log records. */
export function isSpan(table: DatasetTable, ids: TraceColumns): Expr {
  const has = (column: string | undefined): column is string => column !== undefined && table.columns.has(column);
  return and(
    isNotNull(id(ids.trace)),
    isNotNull(id(ids.span)),
    ...(has(ids.annotation) ? [isNull(id(ids.annotation))] : []),
    ...(has(ids.signal) ? [parens(or(isNull(id(ids.signal)), op('<>', id(ids.signal), val('log'))))] : []),
  );
}

/** The environment's spans in the window that pass `where`, as the columns `columns` makes of each table. */
export function spansWhere(scope: TraceScope, window: Window, columns: (table: DatasetTable) => Expr[], where: (table: DatasetTable) => Expr[]): QueryNode {
  return unionAll(
    scope.tables.map((source) =>
      select({
        columns: columns(source),
        from: table(source.table),
        where: and(timeWithin(window.startUs, window.endUs), isSpan(source, scope.ids), ...where(source)),
      }),
    ),
  );
}
