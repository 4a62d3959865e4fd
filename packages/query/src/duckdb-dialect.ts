// DuckDB: positional `$n` parameters, double-quoted identifiers, window functions for
// weighted percentiles (DuckDB has no weighted quantile aggregate).
import type { Dialect } from './dialect.ts';
import { DuckDbPrinter } from './sql/duckdb-printer.ts';

export const duckDbDialect: Dialect = Object.freeze({
  name: 'duckdb' as const,
  printer: (params?: unknown[]) => new DuckDbPrinter(params),
  groupingSets: true,
  windowFunctions: true,
  materializedRelations: true,
});
