// DuckDB: positional `$n` parameters, double-quoted identifiers, window functions for
// weighted percentiles (DuckDB has no weighted quantile aggregate). The text hooks are
// the printer's own spellings, for SQL still written as text.
import type { Dialect, SqlValue } from './dialect.ts';
import { DUCKDB_FUNCTIONS, DuckDbPrinter } from './sql/duckdb-printer.ts';

export const duckDbDialect: Dialect = Object.freeze({
  name: 'duckdb' as const,
  printer: (params?: unknown[]) => new DuckDbPrinter(params),
  quoteIdentifier: (name: string) => new DuckDbPrinter().quote(name),
  parameter: (value: SqlValue, params: unknown[]) => new DuckDbPrinter(params).value(value),
  epochMicros: (timestamp: string) => DUCKDB_FUNCTIONS.epochMicros([timestamp]),
  timestampFromMicros: (micros: string) => DUCKDB_FUNCTIONS.timestampFromMicros([micros]),
  filteredAggregate: (fn: 'sum' | 'min', expression: string, condition: string) => new DuckDbPrinter().filtered(fn, expression, condition),
  toDouble: (expression: string) => DUCKDB_FUNCTIONS.toDouble([expression]),
  groupingSets: true,
  windowFunctions: true,
  materializedRelations: true,
});
