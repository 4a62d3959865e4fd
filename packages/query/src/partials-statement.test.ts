// The statement from partials, as the ClickHouse printer writes it: golden SQL for each
// shape (top groups chosen with IN or joined, totals merged or carried, a heatmap's range
// measured first or joined, a row over no events), and the range statement.
import { describe, expect, test } from 'vitest';
import { clickHouseDialect } from './clickhouse-dialect.ts';
import { compileQuery, compileRangeQuery, prepareQuery } from './compile-query.ts';
import { duckDbDialect } from './duckdb-dialect.ts';
import { API_TARGET } from './test-fixtures/api-target.ts';

const options = { dataset: 'api', now: new Date(5_000_000) };
const compile = (spec: unknown, measuredRanges?: Record<string, unknown>) => compileQuery(spec, API_TARGET, clickHouseDialect, { ...options, measuredRanges });

describe('the statement from partials', () => {
  const spec = {
    calculations: [{ op: 'COUNT' }],
    filters: [
      { column: 'http.status_code', op: '>=', value: 500 },
      { column: 'http.route', op: 'does-not-start-with', value: "/int'ernal" },
    ],
    breakdowns: ['http.route'],
    start_time: 1000,
    end_time: 4600,
    limit: 10,
  };
  const scan =
    '(SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f1` AS `g0` FROM `ds_1` ' +
    "WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000) AND (`f2` >= 500 AND (`f1` IS NULL OR NOT startsWith(`f1`, '/int\\'ernal')))) AS `scan`";
  const key = '`g0` IS NULL, assumeNotNull(`g0`)';
  const top = `SELECT ${key} FROM (SELECT \`g0\`, coalesce(sum(\`w\`), 0) AS \`a0\` FROM ${scan} GROUP BY \`g0\`) ORDER BY \`a0\` DESC NULLS LAST, \`g0\` ASC NULLS LAST LIMIT 10`;
  const inner = `SELECT \`bucket\` AS \`b\`, \`g0\`, sum(\`w\`) AS \`p0\` FROM ${scan} WHERE (${key}) IN (${top}) GROUP BY \`b\`, \`g0\``;

  test('values are literals, identifiers backquoted; the top groups are chosen once and their rows read once for totals and series', () => {
    const { sql, params } = compile(spec);
    expect(params).toEqual([]);
    expect(sql).toBe(
      `SELECT \`bucket\` IS NOT NULL AS \`part\`, \`bucket\`, \`g0\`, coalesce(sum(\`p0\`), 0) AS \`a0\` FROM (${inner}) ` +
        'ARRAY JOIN [CAST(NULL AS Nullable(Float64)), `b`] AS `bucket` GROUP BY `bucket`, `g0` ' +
        'ORDER BY `part`, `a0` DESC NULLS LAST, `g0` ASC NULLS LAST, `bucket`',
    );
  });

  test('with percentiles, the top groups answer every aggregate and are joined to their rows, which carry the totals', () => {
    const { sql } = compile({ ...spec, calculations: [{ op: 'P99', column: 'duration_ms' }, { op: 'COUNT' }] });
    const keys = '`g0` IS NULL AS `k0`, assumeNotNull(`g0`) AS `k1`';
    const p99 = 'CASE WHEN count(`v0`) = 0 THEN NULL ELSE arrayElement(quantilesExactWeighted(0.99)(`v0`, toUInt64(round(`w` * 1048576))), 1) END';
    expect(sql).toContain(
      `ANY INNER JOIN (SELECT \`k0\`, \`k1\`, \`a0\` AS \`total0\`, \`a1\` AS \`total1\` FROM (SELECT \`g0\`, ${keys}, ${p99} AS \`a0\`, coalesce(sum(\`w\`), 0) AS \`a1\` FROM (`,
    );
    expect(sql).toContain('LIMIT 10) USING `k0`, `k1` GROUP BY `b`, `g0`');
    expect(sql).toContain(
      `SELECT \`bucket\` AS \`b\`, \`g0\`, any(\`total0\`) AS \`carried0\`, any(\`total1\`) AS \`carried1\`, ${p99} AS \`series0\`, coalesce(sum(\`w\`), 0) AS \`series1\` FROM (SELECT *, ${keys} FROM (`,
    );
    expect(sql).toContain('CASE WHEN `bucket` IS NULL THEN any(`carried0`) ELSE any(`series0`) END AS `a0`');
    expect(sql).not.toContain('State(');
  });

  test('a distinct count of the top groups is 0, not NULL, over only NULLs', () => {
    const { sql } = compile({ ...spec, calculations: [{ op: 'COUNT_DISTINCT', column: 'duration_ms' }] });
    expect(sql).toContain('ifNull(count(DISTINCT `v0`), 0) AS `a0`');
  });

  test('with a heatmap, the rows of the top groups are chosen with IN and totals merged from per-bucket partials', () => {
    const { sql } = compile({ ...spec, calculations: [{ op: 'COUNT' }, { op: 'HEATMAP', column: 'duration_ms' }] });
    expect(sql).toContain(
      'WHERE (`g0` IS NULL, assumeNotNull(`g0`)) IN (SELECT `g0` IS NULL, assumeNotNull(`g0`) FROM (SELECT `g0`, coalesce(sum(`w`), 0) AS `a0` FROM (',
    );
    expect(sql).toContain('SELECT `bucket` IS NOT NULL AS `part`, `bucket`, `g0`, coalesce(sum(`p0`), 0) AS `a0`, sumIf(`p0`, `bin0` = 0) AS `a1_0`');
    expect(sql).toContain('GROUP BY `b`, `g0`, `bin0`) ARRAY JOIN [CAST(NULL AS Nullable(Float64)), `b`] AS `bucket` GROUP BY `bucket`, `g0` ORDER BY');
  });

  test('percentiles and distinct counts of one column share one state each, on sample rates scaled to whole weights', () => {
    const { sql } = compile({
      calculations: [
        { op: 'P99', column: 'duration_ms' },
        { op: 'P50', column: 'duration_ms' },
        { op: 'COUNT_DISTINCT', column: 'http.route' },
      ],
      start_time: 1000,
      end_time: 4600,
    });
    expect(sql).toContain('quantilesExactWeightedState(0.99, 0.5)(`v0`, toUInt64(round(`w` * 1048576))) AS `p1`');
    expect(sql).toContain('CASE WHEN sum(`p0`) = 0 THEN NULL ELSE arrayElement(quantilesExactWeightedMerge(0.99, 0.5)(`p1`), 2) END AS `a1`');
    expect(sql).toContain('uniqExactState(`v1`) AS `p2`');
    expect(sql).toContain('ifNull(uniqExactMerge(`p2`), 0) AS `a2`');
    expect(sql.match(/quantilesExactWeightedState/g)).toHaveLength(1);
  });

  test('heatmap bins use the range joined to the rows once, carried to the totals rows', () => {
    const { sql } = compile({ calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], start_time: 1000, end_time: 4600 });
    expect(
      sql.match(
        /ANY LEFT JOIN \(SELECT 1 AS `one`, min\(if\(isFinite\(toFloat64\(`v0`\)\), `v0`, NULL\)\) AS `range_lo0`, max\(if\(isFinite\(toFloat64\(`v0`\)\), `v0`, NULL\)\) AS `range_hi0` FROM/g,
      ),
    ).toHaveLength(1);
    expect(sql).toContain(
      'multiIf(isNull(`v0`), NULL, NOT isFinite(toFloat64(`v0`)), NULL, toFloat64(`range_hi0`) > toFloat64(`range_lo0`), least(toInt64(floor(if(isFinite((toFloat64(`range_hi0`) - toFloat64(`range_lo0`)) * 20), (toFloat64(`v0`) - toFloat64(`range_lo0`)) * 20 / (toFloat64(`range_hi0`) - toFloat64(`range_lo0`)), (toFloat64(`v0`) / 2 - toFloat64(`range_lo0`) / 2) / (toFloat64(`range_hi0`) / 2 - toFloat64(`range_lo0`) / 2) * 20))), 19), 0) AS `bin0`',
    );
    expect(sql).toContain('sumIf(`p0`, `bin0` = 19) AS `a0_19`');
    expect(sql).toContain('CASE WHEN `bucket` IS NULL THEN any(`carried_lo0`) END AS `lo0`');
  });

  test('without breakdowns, a row of answers over no events stands in for the totals when none is in range', () => {
    const { sql } = compile({ calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'duration_ms' }], start_time: 1000, end_time: 4600 });
    expect(sql).toMatch(/^SELECT \* FROM \(SELECT `bucket` IS NOT NULL AS `part`/);
    expect(sql).toContain(
      'UNION ALL SELECT * FROM (SELECT 0 AS `part`, NULL AS `bucket`, coalesce(NULL, 0) AS `a0`, NULL AS `a1` WHERE (SELECT count(*) FROM (SELECT 1 FROM (',
    );
    expect(sql).toMatch(/ LIMIT 1\)\) = 0\)\) ORDER BY `part`, `bucket`$/);
    expect(sql).not.toContain(' IN (');
  });

  test('without breakdowns, havings choose whether the one group is there at all', () => {
    const { sql } = compile({
      calculations: [{ op: 'COUNT' }],
      havings: [{ calculate_op: 'COUNT', op: '>', value: 5 }],
      start_time: 1000,
      end_time: 4600,
    });
    expect(sql).toContain('WHERE 1 IN (SELECT 1 FROM (SELECT coalesce(sum(`w`), 0) AS `a0` FROM (');
    expect(sql).toContain(') AS `scan`) WHERE `a0` > 5) GROUP BY `b`)');
  });

  test('DuckDB needs none of it: its statement is built of named relations and running weights', () => {
    expect(() => compile({ calculations: [{ op: 'P99', column: 'duration_ms' }], start_time: 1000, end_time: 4600 })).not.toThrow();
    expect(
      compileQuery({ calculations: [{ op: 'P99', column: 'duration_ms' }], start_time: 1000, end_time: 4600 }, API_TARGET, duckDbDialect, options).sql,
    ).toMatch(/^WITH "scan" AS/);
  });
});

describe("a heatmap's range, measured first where values are literals", () => {
  const heatmap = { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], start_time: 1000, end_time: 4600 };
  const compiled = (measuredRanges?: Record<string, unknown>) => compile(heatmap, measuredRanges).sql;

  test('is one statement of min and max over the query rows, only for heatmaps on engines that take literals', () => {
    expect(compileRangeQuery(prepareQuery(heatmap, API_TARGET, options), clickHouseDialect)).toEqual({
      sql: 'SELECT min(if(isFinite(toFloat64(`v0`)), `v0`, NULL)) AS `lo0`, max(if(isFinite(toFloat64(`v0`)), `v0`, NULL)) AS `hi0`, count(`w`) AS `rows` FROM (SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f0` AS `v0` FROM `ds_1` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000)) AS `scan`',
      params: [],
    });
    expect(compileRangeQuery(prepareQuery(heatmap, API_TARGET, options), duckDbDialect)).toBeUndefined();
    expect(compileRangeQuery(prepareQuery({ ...heatmap, calculations: [{ op: 'COUNT' }] }, API_TARGET, options), clickHouseDialect)).toBeUndefined();
  });

  test('enters the statement as literal bounds, with no join', () => {
    const sql = compiled({ lo0: -2.5, hi0: 1500 });
    expect(sql).toContain('if(isFinite(toFloat64(`v0`)), least(greatest(toInt64(floor((`v0` - (-2.5)) * 20 / ((1500) - (-2.5)))), 0), 19), NULL) AS `bin0`');
    expect(sql).toContain('CASE WHEN `bucket` IS NULL THEN toFloat64(-2.5) END AS `lo0`');
    expect(sql).not.toContain('JOIN (SELECT');
    expect(sql).not.toContain('LEFT JOIN');
  });

  test('a range wider than the largest double is binned on halves, so no bin overflows', () => {
    expect(compiled({ lo0: -1.7e308, hi0: 1.7e308 })).toContain(
      'if(isFinite(toFloat64(`v0`)), least(greatest(toInt64(floor((`v0` / 2 - (-1.7e+308) / 2) / ((1.7e+308) / 2 - (-1.7e+308) / 2) * 20)), 0), 19), NULL) AS `bin0`',
    );
  });

  test('of one value bins every value at 0; of no value bins nothing', () => {
    expect(compiled({ lo0: 7, hi0: 7 })).toContain('CASE WHEN `v0` IS NULL THEN NULL ELSE 0 END AS `bin0`');
    const none = compiled({ lo0: null, hi0: null });
    expect(none).toContain('CAST(NULL AS Nullable(Int64)) AS `bin0`');
    expect(none).toContain('CASE WHEN `bucket` IS NULL THEN NULL END AS `lo0`');
  });

  test('anything but finite numbers leaves the range to be measured inside the statement', () => {
    const joined = compiled();
    expect(joined).toContain('ANY LEFT JOIN');
    for (const measured of [
      { lo0: 0, hi0: Infinity },
      { lo0: Number.NaN, hi0: 1 },
      { lo0: '1); DROP TABLE x; --', hi0: 2 },
      { lo0: 0, hi0: '9007199254740993' },
      { lo0: 2, hi0: 1 },
      { hi0: 1 },
    ]) {
      expect(compiled(measured)).toBe(joined);
    }
  });
});
