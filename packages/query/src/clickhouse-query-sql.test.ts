import { describe, expect, test } from 'vitest';
import { compileQuery, compileRangeQuery, prepareQuery } from './compile-query.ts';
import { boundLiteral } from './clickhouse-query-sql.ts';
import { clickHouseDialect } from './clickhouse-dialect.ts';
import { duckDbDialect } from './duckdb-dialect.ts';
import { API_TARGET } from './test-fixtures/api-target.ts';

const options = { dataset: 'api', now: new Date(5_000_000) };
const heatmap = { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], start_time: 1000, end_time: 4600 };
const compiled = (measuredRanges?: Record<string, unknown>) => compileQuery(heatmap, API_TARGET, clickHouseDialect, { ...options, measuredRanges }).sql;

describe("a ClickHouse heatmap's range, measured first", () => {
  test('is one statement of min and max over the query rows, only for ClickHouse heatmaps', () => {
    expect(compileRangeQuery(prepareQuery(heatmap, API_TARGET, options), clickHouseDialect)?.sql).toBe(
      'SELECT min(if(isFinite(toFloat64(`v0`)), `v0`, NULL)) AS `lo0`, max(if(isFinite(toFloat64(`v0`)), `v0`, NULL)) AS `hi0`, count(`w`) AS `rows` FROM (SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f0` AS `v0` FROM `ds_1` WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000)) AS `scan`',
    );
    expect(compileRangeQuery(prepareQuery(heatmap, API_TARGET, options), duckDbDialect)).toBeUndefined();
    expect(compileRangeQuery(prepareQuery({ ...heatmap, calculations: [{ op: 'COUNT' }] }, API_TARGET, options), clickHouseDialect)).toBeUndefined();
  });

  test('enters the statement as literal bounds, with no join', () => {
    const sql = compiled({ lo0: -2.5, hi0: 1500 });
    expect(sql).toContain('if(isFinite(toFloat64(`v0`)), least(greatest(toInt64(floor((`v0` - (-2.5)) * 20 / ((1500) - (-2.5)))), 0), 19), NULL) AS `bin0`');
    expect(sql).toContain('if(isNull(`bucket`), toFloat64((-2.5)), NULL) AS `lo0`');
    expect(sql).not.toContain('JOIN (SELECT');
    expect(sql).not.toContain('LEFT JOIN');
  });

  test('a range wider than the largest double is binned on halves, so no bin overflows', () => {
    expect(compiled({ lo0: -1.7e308, hi0: 1.7e308 })).toContain(
      'if(isFinite(toFloat64(`v0`)), least(greatest(toInt64(floor((`v0` / 2 - (-1.7e+308) / 2) / ((1.7e+308) / 2 - (-1.7e+308) / 2) * 20)), 0), 19), NULL) AS `bin0`',
    );
  });

  test('of one value bins every value at 0; of no value bins nothing', () => {
    expect(compiled({ lo0: 7, hi0: 7 })).toContain('if(isNull(`v0`), NULL, 0) AS `bin0`');
    const none = compiled({ lo0: null, hi0: null });
    expect(none).toContain('CAST(NULL AS Nullable(Int64)) AS `bin0`');
    expect(none).toContain('if(isNull(`bucket`), NULL, NULL) AS `lo0`');
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

  test('bounds are written by one function that takes finite numbers only', () => {
    expect(boundLiteral(-0)).toBe('(-0.)');
    expect(boundLiteral(1e-320)).toBe("(reinterpretAsFloat64(unhex('e807000000000000')))");
    for (const bad of [Number.NaN, Infinity, -Infinity, '1' as unknown as number]) expect(() => boundLiteral(bad)).toThrow(RangeError);
  });
});
