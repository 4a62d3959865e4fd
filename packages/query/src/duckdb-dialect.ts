// DuckDB: positional `$n` parameters, double-quoted identifiers, window functions for
// weighted percentiles (DuckDB has no weighted quantile aggregate).
import type { Dialect, SqlValue, StringMatch } from './dialect.ts';
import { bucketOfRange } from './numeric-range.ts';
import { DuckDbPrinter } from './sql/duckdb-printer.ts';

// CASE inside the aggregate runs several times faster in DuckDB than FILTER (WHERE ...),
// with the same answer: rows that fail the condition add NULL, which aggregates skip.
const filteredAggregate = (fn: 'sum' | 'min', expression: string, condition: string) => `${fn}(CASE WHEN ${condition} THEN ${expression} END)`;

export const duckDbDialect: Dialect = Object.freeze({
  name: 'duckdb' as const,
  printer: (params?: unknown[]) => new DuckDbPrinter(params),
  quoteIdentifier: (name: string) => `"${name.replaceAll('"', '""')}"`,
  // A value used twice (the time range in every table's scan) is bound once.
  parameter(value: SqlValue, params: unknown[]) {
    const known = params.indexOf(value);
    if (known >= 0) return `$${known + 1}`;
    params.push(value);
    return `$${params.length}`;
  },
  epochMicros: (timestamp: string) => `epoch_us(${timestamp})`,
  rowsNumbered: (count: string) => `unnest(range(0, CAST(${count} AS BIGINT)))`,
  timestampFromMicros: (micros: string) => `make_timestamp(CAST(${micros} AS BIGINT))`,
  stringMatch: (match: StringMatch, text: string, pattern: string) =>
    match === 'prefix' ? `starts_with(${text}, ${pattern})` : match === 'suffix' ? `ends_with(${text}, ${pattern})` : `contains(${text}, ${pattern})`,
  filteredAggregate,
  nullSafeEqual: (left: string, right: string) => `${left} IS NOT DISTINCT FROM ${right}`,
  percentileFromRunningWeight: true,
  weightedPercentile: (value: string, _weight: string, fraction: string, running?: { cumulative: string; total: string }) =>
    filteredAggregate('min', value, `${running!.cumulative} >= ${fraction} * ${running!.total}`),
  toDouble: (expression: string) => `CAST(${expression} AS DOUBLE)`,
  histogramBucket(value: string, low: string, high: string, buckets: number) {
    const [x, lo, hi] = [value, low, high].map((v) => `CAST(${v} AS DOUBLE)`);
    const position = bucketOfRange(x, lo, hi, buckets, (condition, then, otherwise) => `CASE WHEN ${condition} THEN ${then} ELSE ${otherwise} END`, 'isfinite');
    return `CASE WHEN isfinite(${x}) IS NOT TRUE THEN NULL WHEN ${hi} > ${lo} THEN least(CAST(floor(${position}) AS BIGINT), ${buckets - 1}) ELSE 0 END`;
  },
  finiteOrNull: (value: string) => `CASE WHEN isfinite(CAST(${value} AS DOUBLE)) THEN ${value} END`,
  groupingSets: true,
  inlineCte: 'NOT MATERIALIZED',
});
