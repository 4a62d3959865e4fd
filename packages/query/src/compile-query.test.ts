import { describe, expect, test } from 'vitest';
import { compileQuery } from './compile-query.ts';
import { clickHouseDialect } from './clickhouse-dialect.ts';
import { duckDbDialect } from './duckdb-dialect.ts';
import type { Dialect, EngineDialectName } from './dialect.ts';
import type { QueryTarget } from './dataset-schema.ts';
import { API_TARGET } from './test-fixtures/api-target.ts';

const api = API_TARGET;
const all: QueryTarget = { tables: [...api.tables, { dataset: 'web', table: 'ds_2', columns: new Set(['f0']) }], fields: api.fields };

const dialects: Record<EngineDialectName, Dialect> = { duckdb: duckDbDialect, clickhouse: clickHouseDialect };

/** Golden SQL and parameters per dialect for one spec. */
function testSql(spec: unknown, target: QueryTarget, expected: Partial<Record<EngineDialectName, { sql: string; params: unknown[] }>>) {
  for (const [name, golden] of Object.entries(expected)) {
    const dialect = dialects[name as EngineDialectName];
    const { sql, params } = compileQuery(spec, target, dialect, { dataset: 'api' });
    expect({ sql, params }).toEqual(golden);
  }
}

describe('compileQuery writes the SQL each dialect expects', () => {
  test('counts per route, AND filters, a negated string match that keeps events without the field', () => {
    testSql(
      {
        calculations: [{ op: 'COUNT' }],
        filters: [
          { column: 'http.status_code', op: '>=', value: 500 },
          { column: 'http.route', op: 'does-not-start-with', value: '/internal' },
        ],
        breakdowns: ['http.route'],
        start_time: 1000,
        end_time: 4600,
        limit: 10,
      },
      api,
      {
        duckdb: {
          sql: [
            'WITH "scan" AS NOT MATERIALIZED (SELECT $1 + floor((epoch_us("ts") - $1) / $2) * $2 AS "bucket", coalesce("sample_rate", 1) AS "w", "f1" AS "g0" FROM "ds_1" WHERE "ts" >= make_timestamp(CAST($3 AS BIGINT)) AND "ts" < make_timestamp(CAST($4 AS BIGINT)) AND ("f2" >= $5 AND ("f1" IS NULL OR NOT starts_with("f1", $6))))',
            ', "grouped" AS (SELECT "g0", coalesce(sum("w"), 0) AS "a0" FROM "scan" GROUP BY "g0")',
            ', "totals" AS (SELECT * FROM "grouped" ORDER BY "a0" DESC NULLS LAST, "g0" ASC NULLS LAST LIMIT $7)',
            ', "series" AS (SELECT "scan"."bucket" AS "bucket", "scan"."g0" AS "g0", coalesce(sum("w"), 0) AS "a0" FROM "scan" JOIN "totals" ON "scan"."g0" IS NOT DISTINCT FROM "totals"."g0" GROUP BY "scan"."bucket", "scan"."g0"',
            ') SELECT 0 AS "part", NULL AS "bucket", "g0", "a0" FROM "totals"',
            ' UNION ALL SELECT 1 AS "part", "bucket" AS "bucket", "g0", "a0" FROM "series"',
            ' ORDER BY "part", "a0" DESC NULLS LAST, "g0" ASC NULLS LAST, "bucket"',
          ].join(''),
          params: [960000000, 60000000, 1000000000, 4600000000, 500, '/internal', 10],
        },
        clickhouse: {
          sql: "SELECT `bucket` IS NOT NULL AS `part`, `bucket`, `g0`, coalesce(sum(`p0`), 0) AS `a0` FROM (SELECT `bucket` AS `b`, `g0`, sum(`w`) AS `p0` FROM (SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f1` AS `g0` FROM `ds_1` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000) AND (`f2` >= 500 AND (`f1` IS NULL OR NOT startsWith(`f1`, '/internal')))) AS `scan` WHERE (`g0` IS NULL, assumeNotNull(`g0`)) IN (SELECT `g0` IS NULL, assumeNotNull(`g0`) FROM (SELECT `g0`, coalesce(sum(`w`), 0) AS `a0` FROM (SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f1` AS `g0` FROM `ds_1` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000) AND (`f2` >= 500 AND (`f1` IS NULL OR NOT startsWith(`f1`, '/internal')))) AS `scan` GROUP BY `g0`) ORDER BY `a0` DESC NULLS LAST, `g0` ASC NULLS LAST LIMIT 10) GROUP BY `b`, `g0`) ARRAY JOIN [CAST(NULL AS Nullable(Float64)), `b`] AS `bucket` GROUP BY `bucket`, `g0` ORDER BY `part`, `a0` DESC NULLS LAST, `g0` ASC NULLS LAST, `bucket`",
          params: [],
        },
      },
    );
  });

  test('weighted AVG with a having, COUNT_DISTINCT unweighted, ordered by the breakdown', () => {
    testSql(
      {
        calculations: [
          { op: 'AVG', column: 'duration_ms' },
          { op: 'COUNT_DISTINCT', column: 'http.route' },
        ],
        breakdowns: ['http.status_code'],
        havings: [{ calculate_op: 'AVG', column: 'duration_ms', op: '>', value: 250 }],
        orders: [{ column: 'http.status_code', order: 'descending' }],
        start_time: 1000,
        end_time: 4600,
      },
      api,
      {
        duckdb: {
          sql: [
            'WITH "scan" AS NOT MATERIALIZED (SELECT $1 + floor((epoch_us("ts") - $1) / $2) * $2 AS "bucket", coalesce("sample_rate", 1) AS "w", "f2" AS "g0", "f0" AS "v0", "f1" AS "v1" FROM "ds_1" WHERE "ts" >= make_timestamp(CAST($3 AS BIGINT)) AND "ts" < make_timestamp(CAST($4 AS BIGINT)))',
            ', "grouped" AS (SELECT "g0", sum("w" * "v0") / sum(CASE WHEN "v0" IS NULL THEN 0 ELSE "w" END) AS "a0", count(DISTINCT "v1") AS "a1" FROM "scan" GROUP BY "g0" HAVING sum("w" * "v0") / sum(CASE WHEN "v0" IS NULL THEN 0 ELSE "w" END) > $5)',
            ', "totals" AS (SELECT * FROM "grouped" ORDER BY "g0" DESC NULLS LAST LIMIT $6)',
            ', "series" AS (SELECT "scan"."bucket" AS "bucket", "scan"."g0" AS "g0", sum("w" * "v0") / sum(CASE WHEN "v0" IS NULL THEN 0 ELSE "w" END) AS "a0", count(DISTINCT "v1") AS "a1" FROM "scan" JOIN "totals" ON "scan"."g0" IS NOT DISTINCT FROM "totals"."g0" GROUP BY "scan"."bucket", "scan"."g0"',
            ') SELECT 0 AS "part", NULL AS "bucket", "g0", "a0", "a1" FROM "totals"',
            ' UNION ALL SELECT 1 AS "part", "bucket" AS "bucket", "g0", "a0", "a1" FROM "series"',
            ' ORDER BY "part", "g0" DESC NULLS LAST, "bucket"',
          ].join(''),
          params: [960000000, 60000000, 1000000000, 4600000000, 250, 100],
        },
        clickhouse: {
          sql: 'SELECT `bucket` IS NOT NULL AS `part`, `bucket`, `g0`, CASE WHEN `bucket` IS NULL THEN any(`carried0`) ELSE any(`series0`) END AS `a0`, CASE WHEN `bucket` IS NULL THEN any(`carried1`) ELSE any(`series1`) END AS `a1` FROM (SELECT `bucket` AS `b`, `g0`, any(`total0`) AS `carried0`, any(`total1`) AS `carried1`, sum(`w` * `v0`) / sum(CASE WHEN `v0` IS NULL THEN 0 ELSE `w` END) AS `series0`, ifNull(count(DISTINCT `v1`), 0) AS `series1` FROM (SELECT *, `g0` IS NULL AS `k0`, assumeNotNull(`g0`) AS `k1` FROM (SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f2` AS `g0`, `f0` AS `v0`, `f1` AS `v1` FROM `ds_1` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000)) AS `scan`) ANY INNER JOIN (SELECT `k0`, `k1`, `a0` AS `total0`, `a1` AS `total1` FROM (SELECT `g0`, `g0` IS NULL AS `k0`, assumeNotNull(`g0`) AS `k1`, sum(`w` * `v0`) / sum(CASE WHEN `v0` IS NULL THEN 0 ELSE `w` END) AS `a0`, ifNull(count(DISTINCT `v1`), 0) AS `a1` FROM (SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f2` AS `g0`, `f0` AS `v0`, `f1` AS `v1` FROM `ds_1` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000)) AS `scan` GROUP BY `g0`) WHERE `a0` > 250 ORDER BY `g0` DESC NULLS LAST LIMIT 100) USING `k0`, `k1` GROUP BY `b`, `g0`) ARRAY JOIN [CAST(NULL AS Nullable(Float64)), `b`] AS `bucket` GROUP BY `bucket`, `g0` ORDER BY `part`, `g0` DESC NULLS LAST, `bucket`',
          params: [],
        },
      },
    );
  });

  test('a weighted percentile over two tables, where a column one table lacks reads as NULL', () => {
    testSql(
      {
        calculations: [{ op: 'P99', column: 'duration_ms' }],
        filter_combination: 'OR',
        filters: [
          { column: 'http.route', op: 'in', value: ['/a', '/b'] },
          { column: 'http.status_code', op: 'does-not-exist' },
        ],
        start_time: 1000,
        end_time: 4600,
        granularity: 60,
      },
      all,
      {
        duckdb: {
          sql: [
            'WITH "scan" AS (SELECT $1 + floor((epoch_us("ts") - $1) / $2) * $2 AS "bucket", coalesce("sample_rate", 1) AS "w", "f0" AS "v0" FROM "ds_1" WHERE "ts" >= make_timestamp(CAST($3 AS BIGINT)) AND "ts" < make_timestamp(CAST($4 AS BIGINT)) AND ("f1" IN ($5, $6) OR "f2" IS NULL) UNION ALL SELECT $1 + floor((epoch_us("ts") - $1) / $2) * $2 AS "bucket", coalesce("sample_rate", 1) AS "w", "f0" AS "v0" FROM "ds_2" WHERE "ts" >= make_timestamp(CAST($3 AS BIGINT)) AND "ts" < make_timestamp(CAST($4 AS BIGINT)) AND (NULL IN ($5, $6) OR NULL IS NULL))',
            ', "bounds" AS (SELECT *, CASE WHEN NOT isFinite((CAST("hi0" AS DOUBLE) - CAST("lo0" AS DOUBLE)) * 4096) THEN 0.5 ELSE 1 END AS "h0_4096", CAST("lo0" AS DOUBLE) * CASE WHEN NOT isFinite((CAST("hi0" AS DOUBLE) - CAST("lo0" AS DOUBLE)) * 4096) THEN 0.5 ELSE 1 END AS "l0_4096", CASE WHEN NOT isFinite((CAST("hi0" AS DOUBLE) - CAST("lo0" AS DOUBLE)) * 4096) THEN 1 ELSE 4096 END AS "a0_4096", CASE WHEN CAST("hi0" AS DOUBLE) > CAST("lo0" AS DOUBLE) THEN CAST("hi0" AS DOUBLE) * CASE WHEN NOT isFinite((CAST("hi0" AS DOUBLE) - CAST("lo0" AS DOUBLE)) * 4096) THEN 0.5 ELSE 1 END - CAST("lo0" AS DOUBLE) * CASE WHEN NOT isFinite((CAST("hi0" AS DOUBLE) - CAST("lo0" AS DOUBLE)) * 4096) THEN 0.5 ELSE 1 END ELSE 1 END AS "d0_4096", CASE WHEN NOT isFinite((CAST("hi0" AS DOUBLE) - CAST("lo0" AS DOUBLE)) * 4096) THEN 4096 ELSE 1 END AS "b0_4096" FROM (SELECT min(CASE WHEN isfinite(CAST("v0" AS DOUBLE)) THEN "v0" END) AS "lo0", max(CASE WHEN isfinite(CAST("v0" AS DOUBLE)) THEN "v0" END) AS "hi0" FROM "scan") AS "ranges")',
            ', "ranked" AS (SELECT "scan".*, CASE WHEN isFinite(CAST("v0" AS DOUBLE)) THEN least(CAST(floor((CAST("v0" AS DOUBLE) * "h0_4096" - "l0_4096") * "a0_4096" / "d0_4096" * "b0_4096") AS BIGINT), 4095) END AS "pbin0" FROM "scan" CROSS JOIN "bounds")',
            ', "grouped_base" AS (SELECT count(*) AS "events" FROM "ranked")',
            ', "cuts_totals0" AS (SELECT "pbin0", "t", coalesce(sum("t") OVER (ORDER BY "pbin0" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS "before", sum("t") OVER () AS "total" FROM (SELECT "pbin0", sum("w") AS "t" FROM "ranked" WHERE "pbin0" IS NOT NULL GROUP BY "pbin0") AS "bins")',
            ', "percentiles_totals0" AS (SELECT min(CASE WHEN "cumulative" >= $7 * "total" THEN "v0" END) AS "p0" FROM (SELECT "ranked"."v0", "cuts_totals0"."total", "cuts_totals0"."before" + sum("ranked"."w") OVER (PARTITION BY "ranked"."pbin0" ORDER BY "ranked"."v0" ROWS UNBOUNDED PRECEDING) AS "cumulative" FROM "ranked" JOIN "cuts_totals0" ON "ranked"."pbin0" = "cuts_totals0"."pbin0" WHERE ("cuts_totals0"."before" < $7 * "cuts_totals0"."total" AND $7 * "cuts_totals0"."total" <= "cuts_totals0"."before" + "cuts_totals0"."t")) AS "needed")',
            ', "grouped" AS (SELECT "grouped_base".*, "percentiles_totals0"."p0" AS "a0" FROM "grouped_base" CROSS JOIN "percentiles_totals0")',
            ', "totals" AS (SELECT * FROM "grouped" ORDER BY "a0" DESC NULLS LAST LIMIT $8)',
            ', "series_base" AS (SELECT "ranked"."bucket" AS "bucket" FROM "ranked" GROUP BY "ranked"."bucket")',
            ', "cuts_series0" AS (SELECT "bucket", "pbin0", "t", coalesce(sum("t") OVER (PARTITION BY "bucket" ORDER BY "pbin0" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS "before", sum("t") OVER (PARTITION BY "bucket") AS "total" FROM (SELECT "bucket", "pbin0", sum("w") AS "t" FROM "ranked" WHERE "pbin0" IS NOT NULL GROUP BY "bucket", "pbin0") AS "bins")',
            ', "percentiles_series0" AS (SELECT "bucket", min(CASE WHEN "cumulative" >= $7 * "total" THEN "v0" END) AS "p0" FROM (SELECT "ranked"."bucket", "ranked"."v0", "cuts_series0"."total", "cuts_series0"."before" + sum("ranked"."w") OVER (PARTITION BY "ranked"."bucket", "ranked"."pbin0" ORDER BY "ranked"."v0" ROWS UNBOUNDED PRECEDING) AS "cumulative" FROM "ranked" JOIN "cuts_series0" ON "ranked"."bucket" IS NOT DISTINCT FROM "cuts_series0"."bucket" AND "ranked"."pbin0" = "cuts_series0"."pbin0" WHERE ("cuts_series0"."before" < $7 * "cuts_series0"."total" AND $7 * "cuts_series0"."total" <= "cuts_series0"."before" + "cuts_series0"."t")) AS "needed" GROUP BY "bucket")',
            ', "series" AS (SELECT "series_base".*, "percentiles_series0"."p0" AS "a0" FROM "series_base" LEFT JOIN "percentiles_series0" ON "series_base"."bucket" IS NOT DISTINCT FROM "percentiles_series0"."bucket"',
            ') SELECT 0 AS "part", NULL AS "bucket", "a0" FROM "totals"',
            ' UNION ALL SELECT 1 AS "part", "bucket" AS "bucket", "a0" FROM "series"',
            ' ORDER BY "part", "a0" DESC NULLS LAST, "bucket"',
          ].join(''),
          params: [960000000, 60000000, 1000000000, 4600000000, '/a', '/b', 0.99, 100],
        },
        clickhouse: {
          sql: "SELECT * FROM (SELECT `bucket` IS NOT NULL AS `part`, `bucket`, CASE WHEN sum(`p0`) = 0 THEN NULL ELSE arrayElement(quantilesExactWeightedMerge(0.99)(`p1`), 1) END AS `a0` FROM (SELECT `bucket` AS `b`, count(`v0`) AS `p0`, quantilesExactWeightedState(0.99)(`v0`, toUInt64(round(`w` * 1048576))) AS `p1` FROM (SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f0` AS `v0` FROM `ds_1` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000) AND (`f1` IN ('/a', '/b') OR `f2` IS NULL) UNION ALL SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f0` AS `v0` FROM `ds_2` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000) AND (NULL IN ('/a', '/b') OR NULL IS NULL)) AS `scan` GROUP BY `b`) ARRAY JOIN [CAST(NULL AS Nullable(Float64)), `b`] AS `bucket` GROUP BY `bucket` UNION ALL SELECT * FROM (SELECT 0 AS `part`, NULL AS `bucket`, CASE WHEN 0 = 0 THEN NULL ELSE arrayElement([NULL], 1) END AS `a0` WHERE (SELECT count(*) FROM (SELECT 1 FROM (SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f0` AS `v0` FROM `ds_1` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000) AND (`f1` IN ('/a', '/b') OR `f2` IS NULL) UNION ALL SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f0` AS `v0` FROM `ds_2` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000) AND (NULL IN ('/a', '/b') OR NULL IS NULL)) AS `scan` LIMIT 1)) = 0)) ORDER BY `part`, `bucket`",
          params: [],
        },
      },
    );
  });

  test('heatmap buckets share one range; CONCURRENCY spreads each span over the buckets it overlaps and divides by the period of each part', () => {
    const { sql, params } = compileQuery(
      {
        calculations: [{ op: 'HEATMAP', column: 'duration_ms' }, { op: 'CONCURRENCY' }],
        breakdowns: ['http.route'],
        start_time: 1000,
        end_time: 4600,
        granularity: 600,
      },
      api,
      duckDbDialect,
      { dataset: 'api' },
    );
    // The range is measured once and so are the constants of its bins; each row only multiplies, divides and floors.
    expect(sql).toContain(
      'FROM (SELECT min(CASE WHEN isfinite(CAST("v0" AS DOUBLE)) THEN "v0" END) AS "lo0", max(CASE WHEN isfinite(CAST("v0" AS DOUBLE)) THEN "v0" END) AS "hi0" FROM "scan") AS "ranges")',
    );
    expect(sql).toContain(
      'CASE WHEN isFinite(CAST("v0" AS DOUBLE)) THEN least(CAST(floor((CAST("v0" AS DOUBLE) * "h0_20" - "l0_20") * "a0_20" / "d0_20" * "b0_20") AS BIGINT), 19) END AS "bin0"',
    );
    expect(sql).toContain('coalesce(sum(CASE WHEN "bin0" = 19 THEN "w" END), 0) AS "a0_19"');
    // One row per bucket a span overlaps up to the range's end; only the first carries the event.
    expect(sql).toContain('unnest(range(0, CAST(CASE WHEN "e" > "t" THEN floor(("e" - 1 - "first") / $1) + 1 ELSE 1 END AS BIGINT))) AS "k"');
    expect(sql).toContain('CASE WHEN "k" = 0 THEN "weight" ELSE 0 END AS "w", "g0", CASE WHEN "k" = 0 THEN "m0" END AS "v0"');
    expect(sql).toContain('least("t" + CAST("v0" AS DOUBLE) * 1000, CAST($2 AS DOUBLE))');
    // The whole hour for the totals, ten minutes for each bucket of the series, in ms.
    expect(sql).toContain('coalesce(sum("c"), 0) / $4 AS "a1" FROM "ranked" GROUP BY "g0"');
    expect(sql).toContain('coalesce(sum("c"), 0) / $6 AS "a1" FROM "ranked" JOIN "totals"');
    expect([params[3], params[5]]).toEqual([3_600_000, 600_000]);
    expect(sql).toContain('SELECT 0 AS "part", NULL AS "bucket", "g0", "a0_0"');
    expect(sql).toContain('"lo0", "hi0" FROM "totals" CROSS JOIN "bounds"');
  });

  test('without breakdowns, totals and series share one read; a heatmap alone is counted per bin, then spread into columns', () => {
    const { sql } = compileQuery(
      { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], start_time: 1000, end_time: 4600, granularity: 600 },
      api,
      duckDbDialect,
      { dataset: 'api' },
    );
    expect(sql).toMatch(/^WITH "scan" AS NOT MATERIALIZED \(SELECT /);
    expect(sql).toContain(
      '"binned" AS (SELECT CASE WHEN GROUPING("bucket") = 1 THEN 0 ELSE 1 END AS "part", "bucket", "bin0", sum("w") AS "w" FROM "ranked" GROUP BY GROUPING SETS ((), ("bin0"), ("bucket", "bin0")))',
    );
    expect(sql).toContain('coalesce(sum(CASE WHEN "bin0" = 19 THEN "w" END), 0) AS "a0_19" FROM "binned" GROUP BY "part", "bucket")');
    expect(sql).toContain('"lo0", "hi0" FROM "both" CROSS JOIN "bounds" ORDER BY "part", "bucket"');

    const counted = compileQuery({ calculations: [{ op: 'COUNT' }], start_time: 1000, end_time: 4600 }, api, duckDbDialect, { dataset: 'api' });
    expect(counted.sql).toContain(
      '"both" AS (SELECT CASE WHEN GROUPING("bucket") = 1 THEN 0 ELSE 1 END AS "part", "bucket", coalesce(sum("w"), 0) AS "a0" FROM "scan" GROUP BY GROUPING SETS ((), ("bucket")))',
    );
  });

  test('a hostile field name never reaches the SQL, and its value travels as a parameter', () => {
    const hostile = 'x"; DROP TABLE ds_1; --';
    const target: QueryTarget = {
      tables: [{ dataset: 'api', table: 'ds_1', columns: new Set(['f9']) }],
      fields: new Map([[hostile, { name: hostile, type: 'string', column: 'f9' }]]),
    };
    const spec = { breakdowns: [hostile], filters: [{ column: hostile, op: '=', value: "'; DELETE FROM ds_1; --" }], time_range: 60 };
    const options = { dataset: 'api', now: new Date(60_000) };
    const { sql, params } = compileQuery(spec, target, duckDbDialect, options);
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain('DELETE');
    expect(sql).toContain('"f9" = $4');
    expect(params).toContain("'; DELETE FROM ds_1; --");
    // Without server-side parameters, the value is one escaped literal.
    const clickhouse = compileQuery(spec, target, clickHouseDialect, options);
    expect(clickhouse.sql).not.toContain('DROP');
    expect(clickhouse.sql).toContain("`f9` = '\\'; DELETE FROM ds_1; --'");
    expect(clickhouse.params).toEqual([]);
  });
});
