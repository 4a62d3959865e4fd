// Golden SQL per dialect for derived-column expressions: one checked expression, the text
// and parameters each engine's printer makes of it. Values (strings, patterns, formats,
// numbers) are parameters on DuckDB and escaped literals on ClickHouse; a hostile column
// name never reaches the SQL (only its generated physical column does).
import { describe, expect, test } from 'vitest';
import type { FieldInfo } from '../dataset-schema.ts';
import { clickHouseDialect } from '../clickhouse-dialect.ts';
import { duckDbDialect } from '../duckdb-dialect.ts';
import { printSql } from '../dialect.ts';
import { id, select } from '../sql/sql-build.ts';
import { checkExpression } from './check-expression.ts';
import { compileExpression } from './compile-expression.ts';

const fields = new Map<string, FieldInfo>([
  ['route', { name: 'route', type: 'string', column: 'f1' }],
  ['status', { name: 'status', type: 'integer', column: 'f2' }],
  ["x'); DROP TABLE t; --", { name: "x'); DROP TABLE t; --", type: 'string', column: 'f3' }],
]);

function golden(expression: string) {
  const tree = compileExpression(checkExpression(expression, { fields }), (field) => id(field.column));
  const query = select({ columns: [tree] });
  return { duckdb: printSql(query, duckDbDialect), clickhouse: printSql(query, clickHouseDialect) };
}

describe('derived expressions as SQL', () => {
  test('a regex match: RE2 functions on both engines, the pattern a value', () => {
    expect(golden('REG_MATCH($route, `^/users/[0-9]+`)')).toEqual({
      duckdb: { sql: 'SELECT CAST(coalesce(regexp_matches("f1", $1), $2) AS BOOLEAN)', params: ['^/users/[0-9]+', false] },
      clickhouse: { sql: "SELECT CAST(coalesce(match(`f1`, '^/users/[0-9]+'), 0) AS Nullable(UInt8))", params: [] },
    });
  });

  test('an IF over a comparison: a CASE, the condition never NULL, the result cast to its type (integers are plain values)', () => {
    expect(golden('IF(GTE($status, 500), 1, 0)')).toEqual({
      duckdb: {
        sql: 'SELECT CAST(CASE WHEN coalesce(coalesce("f2" >= $1, $2), $2) THEN $3 ELSE $4 END AS BIGINT)',
        params: [500, false, 1, 0],
      },
      clickhouse: {
        sql: 'SELECT CAST(CASE WHEN coalesce(coalesce(`f2` >= 500, 0), 0) THEN 1 ELSE 0 END AS Nullable(Int64))',
        params: [],
      },
    });
  });

  test('a hostile column name is only its physical column', () => {
    const { duckdb, clickhouse } = golden('CONCAT($"x\'); DROP TABLE t; --", "!")');
    expect(duckdb.sql).not.toContain('DROP');
    expect(clickhouse.sql).not.toContain('DROP');
    expect(duckdb.sql).toContain('"f3"');
  });
});
