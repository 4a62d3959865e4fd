// An SQL engine: the printer that writes node trees in its SQL (sql/), and what the
// engine can do that changes how a query is built.

import type { QueryNode } from './sql/sql-node.ts';
import type { PrintedSql, SqlPrinter } from './sql/sql-printer.ts';

export type SqlValue = string | number | boolean;

export type EngineDialectName = 'duckdb' | 'clickhouse';

/** Where a string filter's text must appear: at the start, the end, or anywhere. */
export type StringMatch = 'prefix' | 'suffix' | 'substring';

export interface Dialect {
  readonly name: EngineDialectName;
  /** A printer for one statement (whose values go to `params`): it owns quoting, parameters and every other difference. */
  printer(params?: unknown[]): SqlPrinter;
  /** Whether `GROUP BY GROUPING SETS` and `GROUPING()` exist, so totals and series can share one read. */
  readonly groupingSets?: boolean;
  /**
   * Whether the engine has window functions and computes a named relation (WITH) once:
   * then a query's groups meet through named relations and percentiles come from running
   * weights; otherwise it answers from per-group partials merged (partials-statement.ts).
   */
  readonly windowFunctions?: boolean;
  /**
   * Whether values enter the SQL as literals: then a heatmap's range is best measured by a
   * statement of its own first, and binned against as constants.
   */
  readonly inlineValues?: boolean;
  /**
   * Whether a named relation read several times can be computed once (WITH … MATERIALIZED);
   * where not, each read computes it again, a scan of every shard for a Distributed table.
   */
  readonly materializedRelations?: boolean;
}

/** A node tree as one statement of the dialect's SQL. */
export function printSql(query: QueryNode, dialect: Dialect): PrintedSql {
  return dialect.printer().print(query);
}
