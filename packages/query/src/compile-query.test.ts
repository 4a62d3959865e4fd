import { describe, expect, test } from 'vitest';
import { compileQuery } from './compile-query.ts';
import { duckDbDialect } from './duckdb-dialect.ts';
import type { Dialect, EngineDialectName } from './dialect.ts';
import type { FieldInfo, QueryTarget } from './dataset-schema.ts';

const fields: FieldInfo[] = [
  { name: 'duration_ms', type: 'float', column: 'f0' },
  { name: 'http.route', type: 'string', column: 'f1' },
  { name: 'http.status_code', type: 'integer', column: 'f2' },
];
const api: QueryTarget = {
  tables: [{ dataset: 'api', table: 'ds_1', columns: new Set(['f0', 'f1', 'f2']) }],
  fields: new Map(fields.map((f) => [f.name, f])),
};
const all: QueryTarget = { tables: [...api.tables, { dataset: 'web', table: 'ds_2', columns: new Set(['f0']) }], fields: api.fields };

const dialects: Partial<Record<EngineDialectName, Dialect>> = { duckdb: duckDbDialect };

/** Golden SQL and parameters per dialect for one spec. */
function testSql(spec: unknown, target: QueryTarget, expected: Partial<Record<EngineDialectName, { sql: string; params: unknown[] }>>) {
  for (const [name, golden] of Object.entries(expected)) {
    const dialect = dialects[name as EngineDialectName]!;
    const { sql, params } = compileQuery(spec, target, dialect, { dataset: 'api' });
    expect({ sql, params }).toEqual(golden);
  }
}

describe('compileQuery writes the SQL each dialect expects', () => {
  test('counts per route, AND filters, a negated string match that keeps events without the field', () => {
    testSql(
      { calculations: [{ op: 'COUNT' }], filters: [{ column: 'http.status_code', op: '>=', value: 500 }, { column: 'http.route', op: 'does-not-start-with', value: '/internal' }], breakdowns: ['http.route'], start_time: 1000, end_time: 4600, limit: 10 },
      api,
      {
        duckdb: {
          sql: [
            'WITH "scan" AS (SELECT $1 + floor((epoch_us("ts") - $1) / $2) * $2 AS "bucket", coalesce("sample_rate", 1) AS "w", "f1" AS "g0" FROM "ds_1" WHERE "ts" >= make_timestamp(CAST($3 AS BIGINT)) AND "ts" < make_timestamp(CAST($4 AS BIGINT)) AND ("f2" >= $5 AND ("f1" IS NULL OR NOT starts_with("f1", $6))))',
            ', "grouped" AS (SELECT "g0", coalesce(sum("w"), 0) AS "a0" FROM "scan" GROUP BY "g0")',
            ', "totals" AS (SELECT * FROM "grouped" ORDER BY "a0" DESC NULLS LAST, "g0" ASC NULLS LAST LIMIT $7)',
            ', "series" AS (SELECT "scan"."bucket" AS "bucket", "scan"."g0" AS "g0", coalesce(sum("w"), 0) AS "a0" FROM "scan" JOIN "totals" ON "scan"."g0" IS NOT DISTINCT FROM "totals"."g0" GROUP BY "scan"."bucket", "scan"."g0"',
            ') SELECT 0 AS "part", NULL AS "bucket", "g0", "a0" FROM "totals"',
            ' UNION ALL SELECT 1 AS "part", "bucket" AS "bucket", "g0", "a0" FROM "series"',
            ' ORDER BY "part", "a0" DESC NULLS LAST, "g0" ASC NULLS LAST, "bucket"',
          ].join(''),
          params: [960000000, 60000000, 1000000000, 4600000000, 500, '/internal', 10],
        },
      },
    );
  });

  test('weighted AVG with a having, COUNT_DISTINCT unweighted, ordered by the breakdown', () => {
    testSql(
      { calculations: [{ op: 'AVG', column: 'duration_ms' }, { op: 'COUNT_DISTINCT', column: 'http.route' }], breakdowns: ['http.status_code'], havings: [{ calculate_op: 'AVG', column: 'duration_ms', op: '>', value: 250 }], orders: [{ column: 'http.status_code', order: 'descending' }], start_time: 1000, end_time: 4600 },
      api,
      {
        duckdb: {
          sql: [
            'WITH "scan" AS (SELECT $1 + floor((epoch_us("ts") - $1) / $2) * $2 AS "bucket", coalesce("sample_rate", 1) AS "w", "f2" AS "g0", "f0" AS "v0", "f1" AS "v1" FROM "ds_1" WHERE "ts" >= make_timestamp(CAST($3 AS BIGINT)) AND "ts" < make_timestamp(CAST($4 AS BIGINT)))',
            ', "grouped" AS (SELECT "g0", sum("w" * "v0") / sum(CASE WHEN "v0" IS NOT NULL THEN "w" END) AS "a0", count(DISTINCT "v1") AS "a1" FROM "scan" GROUP BY "g0" HAVING sum("w" * "v0") / sum(CASE WHEN "v0" IS NOT NULL THEN "w" END) > $5)',
            ', "totals" AS (SELECT * FROM "grouped" ORDER BY "g0" DESC NULLS LAST LIMIT $6)',
            ', "series" AS (SELECT "scan"."bucket" AS "bucket", "scan"."g0" AS "g0", sum("w" * "v0") / sum(CASE WHEN "v0" IS NOT NULL THEN "w" END) AS "a0", count(DISTINCT "v1") AS "a1" FROM "scan" JOIN "totals" ON "scan"."g0" IS NOT DISTINCT FROM "totals"."g0" GROUP BY "scan"."bucket", "scan"."g0"',
            ') SELECT 0 AS "part", NULL AS "bucket", "g0", "a0", "a1" FROM "totals"',
            ' UNION ALL SELECT 1 AS "part", "bucket" AS "bucket", "g0", "a0", "a1" FROM "series"',
            ' ORDER BY "part", "g0" DESC NULLS LAST, "bucket"',
          ].join(''),
          params: [960000000, 60000000, 1000000000, 4600000000, 250, 100],
        },
      },
    );
  });

  test('a weighted percentile over two tables, where a column one table lacks reads as NULL', () => {
    testSql(
      { calculations: [{ op: 'P99', column: 'duration_ms' }], filter_combination: 'OR', filters: [{ column: 'http.route', op: 'in', value: ['/a', '/b'] }, { column: 'http.status_code', op: 'does-not-exist' }], start_time: 1000, end_time: 4600, granularity: 60 },
      all,
      {
        duckdb: {
          sql: [
            'WITH "scan" AS (SELECT $1 + floor((epoch_us("ts") - $1) / $2) * $2 AS "bucket", coalesce("sample_rate", 1) AS "w", "f0" AS "v0" FROM "ds_1" WHERE "ts" >= make_timestamp(CAST($3 AS BIGINT)) AND "ts" < make_timestamp(CAST($4 AS BIGINT)) AND ("f1" IN ($5, $6) OR "f2" IS NULL) UNION ALL SELECT $1 + floor((epoch_us("ts") - $1) / $2) * $2 AS "bucket", coalesce("sample_rate", 1) AS "w", "f0" AS "v0" FROM "ds_2" WHERE "ts" >= make_timestamp(CAST($3 AS BIGINT)) AND "ts" < make_timestamp(CAST($4 AS BIGINT)) AND (NULL IN ($5, $6) OR NULL IS NULL))',
            ', "ranked" AS (SELECT "scan".*, sum(CASE WHEN "v0" IS NOT NULL THEN "w" END) OVER (ORDER BY "v0" ROWS UNBOUNDED PRECEDING) AS "cum_totals0", sum(CASE WHEN "v0" IS NOT NULL THEN "w" END) OVER () AS "total_totals0" FROM "scan")',
            ', "grouped" AS (SELECT min(CASE WHEN "cum_totals0" >= $7 * "total_totals0" THEN "v0" END) AS "a0" FROM "ranked")',
            ', "totals" AS (SELECT * FROM "grouped" ORDER BY "a0" DESC NULLS LAST LIMIT $8)',
            ', "top_rows" AS (SELECT "ranked".*, sum(CASE WHEN "v0" IS NOT NULL THEN "w" END) OVER (PARTITION BY "ranked"."bucket" ORDER BY "v0" ROWS UNBOUNDED PRECEDING) AS "cum_series0", sum(CASE WHEN "v0" IS NOT NULL THEN "w" END) OVER (PARTITION BY "ranked"."bucket") AS "total_series0" FROM "ranked" JOIN "totals" ON TRUE)',
            ', "series" AS (SELECT "top_rows"."bucket" AS "bucket", min(CASE WHEN "cum_series0" >= $7 * "total_series0" THEN "v0" END) AS "a0" FROM "top_rows" GROUP BY "top_rows"."bucket"',
            ') SELECT 0 AS "part", NULL AS "bucket", "a0" FROM "totals"',
            ' UNION ALL SELECT 1 AS "part", "bucket" AS "bucket", "a0" FROM "series"',
            ' ORDER BY "part", "a0" DESC NULLS LAST, "bucket"',
          ].join(''),
          params: [960000000, 60000000, 1000000000, 4600000000, '/a', '/b', 0.99, 100],
        },
      },
    );
  });

  test('a hostile field name never reaches the SQL, and its value travels as a parameter', () => {
    const hostile = 'x"; DROP TABLE ds_1; --';
    const target: QueryTarget = {
      tables: [{ dataset: 'api', table: 'ds_1', columns: new Set(['f9']) }],
      fields: new Map([[hostile, { name: hostile, type: 'string', column: 'f9' }]]),
    };
    const { sql, params } = compileQuery(
      { breakdowns: [hostile], filters: [{ column: hostile, op: '=', value: "'; DELETE FROM ds_1; --" }], time_range: 60 },
      target,
      duckDbDialect,
      { dataset: 'api', now: new Date(60_000) },
    );
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain('DELETE');
    expect(sql).toContain('"f9" = $4');
    expect(params).toContain("'; DELETE FROM ds_1; --");
  });
});
