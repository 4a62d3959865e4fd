import { describe, expect, test } from 'vitest';
import { clickHouseDialect, clickHouseNumberLiteral, clickHouseStringLiteral, wellFormedText } from './clickhouse-dialect.ts';
import { clickHouseStatement } from './clickhouse-statement.ts';
import { compileQuery } from './compile-query.ts';
import { API_TARGET } from './test-fixtures/api-target.ts';

describe('clickHouseStringLiteral escapes every character that could end or bend a literal', () => {
  test.each([
    ['plain', 'GET /cart', "'GET /cart'"],
    ['empty', '', "''"],
    ['single quote', "it's", "'it\\'s'"],
    ['quote at the end, as an escape attempt', "x\\'", "'x\\\\\\''"],
    ['backslashes', 'C:\\path\\', "'C:\\\\path\\\\'"],
    ['double quote and backtick stay', '"`', "'\"`'"],
    ['NUL', 'a\0b', "'a\\0b'"],
    ['named control characters', '\b\f\n\r\t', "'\\b\\f\\n\\r\\t'"],
    ['other control characters as hex', '\u0001\u001b\u001f\u007f', "'\\x01\\x1b\\x1f\\x7f'"],
    ['unicode passes through', 'é中😀', "'é中😀'"],
    ['a lone high surrogate becomes U+FFFD', 'a\uD800b', "'a\uFFFDb'"],
    ['a lone low surrogate becomes U+FFFD', '\uDC00', "'\uFFFD'"],
    ['reversed surrogates are two lone ones', '\uDE00\uD83D', "'\uFFFD\uFFFD'"],
    ['SQL after a quote stays inside', "'; DROP TABLE ds_1; --", "'\\'; DROP TABLE ds_1; --'"],
  ])('%s', (_, text, literal) => {
    expect(clickHouseStringLiteral(text)).toBe(literal);
  });

  test('every code unit from 0 to 0xFFFF yields one literal with no bare quote or backslash', () => {
    const all = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).join('');
    const inner = clickHouseStringLiteral(all).slice(1, -1);
    // Removing the escape pairs must leave no quote, backslash or control character.
    expect(inner.replace(/\\(x[0-9a-f]{2}|.)/g, '')).not.toMatch(/['\\\u0000-\u001f\u007f]/);
  });

  test('a very long string is escaped whole', () => {
    const long = "a'".repeat(500_000);
    const literal = clickHouseStringLiteral(long);
    expect(literal.length).toBe(1_500_002);
    expect(literal.startsWith("'a\\'a\\'")).toBe(true);
  });

  test('wellFormedText keeps surrogate pairs', () => {
    expect(wellFormedText('😀\uD83D')).toBe('😀\uFFFD');
  });
});

describe('clickHouseNumberLiteral', () => {
  test.each([
    [42, '42'],
    [-3, '-3'],
    [0.1, '0.1'],
    [1e21, '1e+21'],
    [-0, '-0.'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [5e-324, "reinterpretAsFloat64(unhex('0100000000000000'))"],
  ])('%s → %s', (value, literal) => {
    expect(clickHouseNumberLiteral(value)).toBe(literal);
  });

  test('booleans are UInt8, strings literals, and nothing is left in the parameter list', () => {
    const params: unknown[] = [];
    expect([true, false, 'x', 7].map((v) => clickHouseDialect.parameter(v, params))).toEqual(['1', '0', "'x'", '7']);
    expect(params).toEqual([]);
  });
});

describe('compiled ClickHouse SQL', () => {
  const spec = {
    calculations: [{ op: 'COUNT' }],
    filters: [{ column: 'http.status_code', op: '>=', value: 500 }, { column: 'http.route', op: 'does-not-start-with', value: "/int'ernal" }],
    breakdowns: ['http.route'],
    start_time: 1000,
    end_time: 4600,
    limit: 10,
  };
  const scan =
    "SELECT 960000000 + floor((`ts` - 960000000) / 60000000) * 60000000 AS `bucket`, coalesce(`sample_rate`, 1) AS `w`, `f1` AS `g0` FROM `ds_1` " +
    "WHERE `ts` >= toInt64(1000000000) AND `ts` < toInt64(4600000000) AND (`f2` >= 500 AND (`f1` IS NULL OR NOT startsWith(`f1`, '/int\\'ernal')))";
  const grouped = 'SELECT `g0`, coalesce(sum(`w`), 0) AS `a0` FROM `scan` GROUP BY `g0`';
  const totals = 'SELECT * FROM `grouped` ORDER BY `a0` DESC NULLS LAST, `g0` ASC NULLS LAST LIMIT 10';
  const join = "ON isNull(`scan`.`g0`) = isNull(`totals`.`g0`) AND ifNull(toString(`scan`.`g0`), '') = ifNull(toString(`totals`.`g0`), '')";
  const series = `SELECT \`scan\`.\`bucket\` AS \`bucket\`, \`scan\`.\`g0\` AS \`g0\`, coalesce(sum(\`w\`), 0) AS \`a0\` FROM \`scan\` JOIN \`totals\` ${join} GROUP BY \`scan\`.\`bucket\`, \`scan\`.\`g0\``;
  const order = 'ORDER BY `part`, `a0` DESC NULLS LAST, `g0` ASC NULLS LAST, `bucket`';

  test('values are literals and identifiers backquoted', () => {
    const { sql, params } = compileQuery(spec, API_TARGET, clickHouseDialect, { dataset: 'api' });
    expect(params).toEqual([]);
    expect(sql).toBe(
      `WITH \`scan\` AS (${scan}), \`grouped\` AS (${grouped}), \`totals\` AS (${totals}), \`series\` AS (${series}) ` +
        'SELECT 0 AS `part`, NULL AS `bucket`, `g0`, `a0` FROM `totals` UNION ALL SELECT 1 AS `part`, `bucket` AS `bucket`, `g0`, `a0` FROM `series` ' +
        order,
    );
  });

  test('clickHouseStatement inlines the named subqueries and orders the whole union', () => {
    const { sql } = compileQuery(spec, API_TARGET, clickHouseDialect, { dataset: 'api' });
    const inlinedGrouped = grouped.replace('FROM `scan`', `FROM (${scan}) AS \`scan\``);
    const inlinedTotals = totals.replace('FROM `grouped`', `FROM (${inlinedGrouped}) AS \`grouped\``);
    const inlinedSeries = series
      .replace('FROM `scan`', `FROM (${scan}) AS \`scan\``)
      .replace('JOIN `totals`', `JOIN (${inlinedTotals}) AS \`totals\``);
    expect(clickHouseStatement(sql)).toBe(
      `SELECT * FROM (SELECT 0 AS \`part\`, NULL AS \`bucket\`, \`g0\`, \`a0\` FROM (${inlinedTotals}) AS \`totals\` ` +
        `UNION ALL SELECT 1 AS \`part\`, \`bucket\` AS \`bucket\`, \`g0\`, \`a0\` FROM (${inlinedSeries}) AS \`series\`) ${order}`,
    );
  });

  test('a percentile is the first value, sorted, whose running weight reaches the fraction; heatmap buckets use multiIf', () => {
    const { sql } = compileQuery({ calculations: [{ op: 'P99', column: 'duration_ms' }, { op: 'HEATMAP', column: 'duration_ms' }], start_time: 1000, end_time: 4600 }, API_TARGET, clickHouseDialect, { dataset: 'api' });
    const sorted = 'arraySort(t -> tupleElement(t, 1), arrayFilter(t -> isNotNull(tupleElement(t, 1)), groupArray(tuple(`v0`, `w`))))';
    const weights = `arrayMap(t -> tupleElement(t, 2), ${sorted})`;
    expect(sql).toContain(
      `if(empty(${sorted}), NULL, arrayElement(arrayMap(t -> tupleElement(t, 1), ${sorted}), ` +
        `arrayFirstIndex(c -> c >= 0.99 * arraySum(${weights}), arrayCumSum(${weights})))) AS \`a0\``,
    );
    expect(sql).toContain('multiIf(isNull(`v0`), NULL, `hi0` > `lo0`, least(toInt64(floor((`v0` - `lo0`) * 20 / (`hi0` - `lo0`))), 19), 0) AS `bin0`');
    expect(sql).toContain('coalesce(if(countIf(`bin0` = 19 AND isNotNull(`w`)) = 0, NULL, sumIf(`w`, `bin0` = 19)), 0) AS `a1_19`');
    expect(clickHouseStatement(sql)).toContain('CROSS JOIN (SELECT * FROM (SELECT if(empty(arraySort(');
  });
});
