// The rows a compiled query reads: one SELECT per table (a column a table lacks reads as
// NULL), UNION ALL, each row with its time bucket (`bucket`), sample-rate weight (`w`),
// group columns (`g0`, `g1`, ...) and measured columns (`v0`, `v1`, ...).
import type { DatasetTable } from './dataset-schema.ts';
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN } from './dataset-schema.ts';
import type { Dialect, SqlValue } from './dialect.ts';
import type { QueryPlan } from './query-plan.ts';
import { predicateSql } from './predicate-sql.ts';

export function scanSql(plan: QueryPlan, dialect: Dialect, value: (v: SqlValue) => string): string {
  const id = (name: string) => dialect.quoteIdentifier(name);
  const scanTable = (table: DatasetTable): string => {
    const column = (physical: string) => (table.columns.has(physical) ? id(physical) : 'NULL');
    const ts = id(TIMESTAMP_COLUMN);
    const origin = () => value(plan.bucketOriginUs);
    const bucketUs = () => value(plan.bucketUs);
    const select = [
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
  return plan.tables.map(scanTable).join(' UNION ALL ');
}
