// Every derived-column function on both engines, with values, missing values and type
// errors: each expression is asked inline (`calculated_fields`) and broken down by, row by
// row, through the query API of a real server; both engines must give the table's answer.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';

const HOSTILE = 'we"ird $(name`)';
const BASE = Math.floor(Date.now() / 1000) - 600;
// Row 2 has none of the fields: every function meets a missing value there.
const rows: Record<string, unknown>[] = [
  { s: 'Hello World', n: 10, f: 2.5, b: true, num: '42', t: '2017-07-20T11:22:44.888Z', path: '/users/123/orders/9', [HOSTILE]: 'x' },
  { s: 'abc', n: -7, f: -0.5, b: false, num: 'x1', t: '2017-07-20T13:22:44+02:00', path: '/a' },
  {},
  { s: 'ÉCOLE', n: 0, f: 1000.25, b: false, t: 'not a time' },
];

type Row4 = [unknown, unknown, unknown, unknown];
const CASES: [string, Row4][] = [
  ['IF(GT($n, 0), "pos", LT($n, 0), "neg", "zero")', ['pos', 'neg', 'zero', 'zero']],
  ['IF($b, $n)', [10, null, null, null]],
  ['IF($s, 1, 0)', [0, 0, 0, 0]],
  ['SWITCH($s, "abc", 1, "Hello World", 2, 0)', [2, 1, 0, 0]],
  ['COALESCE($s, $num, "none")', ['Hello World', 'abc', 'none', 'ÉCOLE']],
  ['COALESCE($n, $f)', [10, -7, null, 0]],
  ['LT($n, $f)', [false, true, false, true]],
  ['LTE($n, 10)', [true, true, false, true]],
  ['GT($num, 41)', [true, false, false, false]],
  ['GTE($s, "abc")', [false, true, false, true]],
  ['EQUALS($n, 10)', [true, false, false, false]],
  ['EQUALS($s, null)', [false, false, true, false]],
  ['IN($n, 0, -7)', [false, true, false, true]],
  ['EXISTS($num)', [true, true, false, false]],
  ['NOT($b)', [false, true, true, true]],
  ['AND($b, GT($n, 5))', [true, false, false, false]],
  ['OR($b, EQUALS($n, 0))', [true, false, false, true]],
  ['MIN($n, $f)', [2.5, -7, null, 0]],
  ['MAX($s, "b")', ['b', 'b', 'b', 'ÉCOLE']],
  ['SUM($n, $f, $num)', [54.5, -7.5, null, 1000.25]],
  ['SUM($n, 1)', [11, -6, 1, 1]],
  ['SUB($n, $f)', [7.5, -6.5, null, -1000.25]],
  ['MUL($n, 3)', [30, -21, 0, 0]],
  ['DIV($n, 4)', [2.5, -1.75, 0, 0]],
  ['DIV($f, $n)', [0.25, 0.5 / 7, null, null]],
  ['MOD($n, 3)', [1, -1, 0, 0]],
  ['MOD($f, 1)', [0.5, -0.5, 0, 0.25]],
  ['LOG10($n)', [1, null, null, null]],
  ['BUCKET($n, 5)', [10, -10, null, 0]],
  ['BUCKET($f, 100, 0, 500)', [0, -100, null, 500]],
  ['INT($f)', [2, 0, null, 1000]],
  ['INT($num)', [42, null, null, null]],
  ['INT($b)', [1, 0, null, 0]],
  ['FLOAT($num)', [42, null, null, null]],
  ['BOOL($n)', [true, true, null, false]],
  ['STRING($f)', ['2.5', '-0.5', null, '1000.25']],
  ['STRING($n)', ['10', '-7', null, '0']],
  ['STRING($b)', ['true', 'false', null, 'false']],
  ['CONCAT($s, "-", $n)', ['Hello World-10', 'abc--7', '-', 'ÉCOLE-0']],
  ['STARTS_WITH($path, "/users")', [true, false, false, false]],
  ['ENDS_WITH($s, "World")', [true, false, false, false]],
  ['CONTAINS($s, "b")', [false, true, false, false]],
  ['REG_MATCH($path, `^/[a-z]+/[0-9]+`)', [true, false, false, false]],
  ['REG_VALUE($path, `/([0-9]+)`)', ['123', null, null, null]],
  ['REG_VALUE($s, `[A-Z]+`)', ['H', null, null, 'COLE']],
  ['REG_COUNT($path, `[0-9]+`)', [2, 0, null, null]],
  ['LENGTH($s)', [11, 3, null, 5]],
  ['LENGTH($s, "bytes")', [11, 3, null, 6]],
  ['TO_LOWER($s)', ['hello world', 'abc', null, 'école']],
  ['TO_UPPER($s)', ['HELLO WORLD', 'ABC', null, 'ÉCOLE']],
  ['UNIX_TIMESTAMP($t)', [1500549764.888, 1500549764, null, null]],
  ['FORMAT_TIME("%Y-%m-%d %H:%M:%S", UNIX_TIMESTAMP($t))', ['2017-07-20 11:22:44', '2017-07-20 11:22:44', null, null]],
  ['FORMAT_TIME("%y|%j|%p|%I|%w|%%", 1500549764)', ['17|201|AM|11|4|%', '17|201|AM|11|4|%', '17|201|AM|11|4|%', '17|201|AM|11|4|%']],
  [`SUB(EVENT_TIMESTAMP(), ${BASE})`, [0, 1, 2, 3]],
  [`CONCAT($"${HOSTILE.replaceAll('"', '\\"')}", "!")`, ['x!', '!', '!', '!']],
];

const ERRORS: [string, string][] = [
  ['DIV($n, 2, 3)', 'DIV expects 2 arguments, got 3 (DIV(a, b)) at 1:1'],
  ['SUM($nn, 1)', 'no column "nn"; did you mean $n? at 1:5'],
  ['EQUALS($s, 1)', 'EQUALS compares values of one kind, got string and number (convert one with STRING, INT or FLOAT) at 1:1'],
  ['REG_MATCH($s, `(?!a)`)', 'REG_MATCH: lookahead and lookbehind are not part of RE2 regular expressions at 1:1'],
];

describe.each(ENGINES)('derived-column functions on %s', (engine) => {
  let server: TempServer;
  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: engine === 'clickhouse' ? 2 : undefined });
    const batch = rows.map((data, row) => ({ data: { row, ...data }, time: new Date((BASE + row) * 1000).toISOString() }));
    const response = await fetch(`${server.url}/1/batch/fx`, { method: 'POST', body: JSON.stringify(batch), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(200);
  });
  afterAll(async () => server?.dispose());

  const query = (expression: string) =>
    fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      body: JSON.stringify({
        dataset: 'fx',
        query: {
          calculated_fields: [{ name: 'd', expression }],
          calculations: [{ op: 'COUNT' }],
          breakdowns: ['row', 'd'],
          orders: [{ column: 'row', order: 'ascending' }],
          start_time: BASE - 60,
          end_time: BASE + 60,
        },
      }),
    });

  test.each(CASES)('%s', async (expression, expected) => {
    const response = await query(expression);
    const body = (await response.json()) as { data: { results: { data: { row: number; d: unknown } }[] } };
    expect(response.status, JSON.stringify(body)).toBe(200);
    const answers = body.data.results.map(({ data }) => [data.row, data.d]);
    expect(answers).toEqual(expected.map((value, row) => [row, typeof value === 'number' && !Number.isInteger(value) ? expect.closeTo(value, 12) : value]));
  });

  test.each(ERRORS)('%s is refused with where and what', async (expression, message) => {
    const response = await query(expression);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: `calculated_fields[0].expression: ${message}`, path: 'calculated_fields[0].expression' });
  });
});
