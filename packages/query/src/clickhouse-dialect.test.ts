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
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
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
  const key = 'isNull(`g0`), assumeNotNull(`g0`)';
  const top = `SELECT ${key} FROM (SELECT \`g0\`, coalesce(sum(\`w\`), 0) AS \`a0\` FROM ${scan} GROUP BY \`g0\`) ORDER BY \`a0\` DESC NULLS LAST, \`g0\` ASC NULLS LAST LIMIT 10`;
  const inner = `SELECT \`bucket\` AS \`b\`, \`g0\`, sum(\`w\`) AS \`p0\` FROM ${scan} WHERE (${key}) IN (${top}) GROUP BY \`b\`, \`g0\``;

  test('values are literals, identifiers backquoted; the top groups are chosen once and their rows read once for totals and series', () => {
    const { sql, params } = compileQuery(spec, API_TARGET, clickHouseDialect, { dataset: 'api' });
    expect(params).toEqual([]);
    expect(sql).toBe(
      `SELECT isNotNull(\`bucket\`) AS \`part\`, \`bucket\`, \`g0\`, coalesce(sum(\`p0\`), 0) AS \`a0\` FROM (${inner}) ` +
        'ARRAY JOIN [CAST(NULL AS Nullable(Float64)), `b`] AS `bucket` GROUP BY `bucket`, `g0` ' +
        'ORDER BY `part`, `a0` DESC NULLS LAST, `g0` ASC NULLS LAST, `bucket`',
    );
    // Nothing left for the statement adapter to rewrite.
    expect(clickHouseStatement(sql)).toBe(sql);
  });

  test('with percentiles, the top groups answer every aggregate and are joined to their rows, which carry the totals', () => {
    const { sql } = compileQuery({ ...spec, calculations: [{ op: 'P99', column: 'duration_ms' }, { op: 'COUNT' }] }, API_TARGET, clickHouseDialect, {
      dataset: 'api',
    });
    const keys = 'isNull(`g0`) AS `k0`, assumeNotNull(`g0`) AS `k1`';
    const p99 = 'if(count(`v0`) = 0, NULL, arrayElement(quantilesExactWeighted(0.99)(`v0`, toUInt64(round(`w` * 1048576))), 1))';
    expect(sql).toContain(
      `ANY INNER JOIN (SELECT \`k0\`, \`k1\`, \`a0\` AS \`total0\`, \`a1\` AS \`total1\` FROM (SELECT \`g0\`, ${keys}, ${p99} AS \`a0\`, coalesce(sum(\`w\`), 0) AS \`a1\` FROM (`,
    );
    expect(sql).toContain(
      `SELECT \`bucket\` AS \`b\`, \`g0\`, any(\`total0\`) AS \`carried0\`, any(\`total1\`) AS \`carried1\`, ${p99} AS \`series0\`, coalesce(sum(\`w\`), 0) AS \`series1\` FROM (SELECT *, ${keys} FROM (`,
    );
    expect(sql).toContain('if(isNull(`bucket`), any(`carried0`), any(`series0`)) AS `a0`');
    expect(sql).not.toContain('State(');
  });

  test('with a heatmap, the rows of the top groups are chosen with IN and totals merged from per-bucket partials', () => {
    const { sql } = compileQuery({ ...spec, calculations: [{ op: 'COUNT' }, { op: 'HEATMAP', column: 'duration_ms' }] }, API_TARGET, clickHouseDialect, {
      dataset: 'api',
    });
    expect(sql).toContain(
      'WHERE (isNull(`g0`), assumeNotNull(`g0`)) IN (SELECT isNull(`g0`), assumeNotNull(`g0`) FROM (SELECT `g0`, coalesce(sum(`w`), 0) AS `a0` FROM (',
    );
    expect(sql).toContain('SELECT isNotNull(`bucket`) AS `part`, `bucket`, `g0`, coalesce(sum(`p0`), 0) AS `a0`, sumIf(`p0`, `bin0` = 0) AS `a1_0`');
    expect(sql).toContain('GROUP BY `b`, `g0`, `bin0`) ARRAY JOIN [CAST(NULL AS Nullable(Float64)), `b`] AS `bucket` GROUP BY `bucket`, `g0` ORDER BY');
  });

  test('percentiles of one column share one quantiles state, on sample rates scaled to whole weights', () => {
    const { sql } = compileQuery(
      {
        calculations: [
          { op: 'P99', column: 'duration_ms' },
          { op: 'P50', column: 'duration_ms' },
        ],
        start_time: 1000,
        end_time: 4600,
      },
      API_TARGET,
      clickHouseDialect,
      { dataset: 'api' },
    );
    expect(sql).toContain('quantilesExactWeightedState(0.99, 0.5)(`v0`, toUInt64(round(`w` * 1048576))) AS `p1`');
    expect(sql).toContain('if(sum(`p0`) = 0, NULL, arrayElement(quantilesExactWeightedMerge(0.99, 0.5)(`p1`), 2)) AS `a1`');
    expect(sql.match(/quantilesExactWeightedState/g)).toHaveLength(1);
  });

  test('heatmap bins use the range joined to the rows once, carried to the totals rows', () => {
    const { sql } = compileQuery(
      { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], start_time: 1000, end_time: 4600 },
      API_TARGET,
      clickHouseDialect,
      { dataset: 'api' },
    );
    expect(
      sql.match(
        /ANY LEFT JOIN \(SELECT 1 AS `one`, min\(if\(isFinite\(toFloat64\(`v0`\)\), `v0`, NULL\)\) AS `range_lo0`, max\(if\(isFinite\(toFloat64\(`v0`\)\), `v0`, NULL\)\) AS `range_hi0` FROM/g,
      ),
    ).toHaveLength(1);
    expect(sql).toContain(
      'multiIf(isNull(`v0`), NULL, NOT isFinite(toFloat64(`v0`)), NULL, toFloat64(`range_hi0`) > toFloat64(`range_lo0`), least(toInt64(floor(if(isFinite((toFloat64(`range_hi0`) - toFloat64(`range_lo0`)) * 20), (toFloat64(`v0`) - toFloat64(`range_lo0`)) * 20 / (toFloat64(`range_hi0`) - toFloat64(`range_lo0`)), (toFloat64(`v0`) / 2 - toFloat64(`range_lo0`) / 2) / (toFloat64(`range_hi0`) / 2 - toFloat64(`range_lo0`) / 2) * 20))), 19), 0) AS `bin0`',
    );
    expect(sql).toContain('sumIf(`p0`, `bin0` = 19) AS `a0_19`');
    expect(sql).toContain('if(isNull(`bucket`), any(`carried_lo0`), NULL) AS `lo0`');
  });

  test('without breakdowns, a row of answers over no events stands in for the totals when none is in range', () => {
    const { sql } = compileQuery(
      { calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'duration_ms' }], start_time: 1000, end_time: 4600 },
      API_TARGET,
      clickHouseDialect,
      { dataset: 'api' },
    );
    expect(sql).toContain(
      'UNION ALL SELECT * FROM (SELECT 0 AS `part`, NULL AS `bucket`, coalesce(NULL, 0) AS `a0`, NULL AS `a1` FROM system.one WHERE (SELECT count() FROM (SELECT 1 FROM (',
    );
    expect(sql).not.toContain(' IN (');
  });
});
