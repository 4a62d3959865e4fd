// Every kind of string the escaping function handles comes back from a real ClickHouse
// server exactly as sent (as UTF-8 can carry it), and numbers come back bit for bit.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clickHouseNumberLiteral, clickHouseStringLiteral, wellFormedText } from '@flashlight/query';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../../testing/clickhouse-database.ts';
import { ClickHouseHttp } from './clickhouse-http.ts';

let clickhouse: ClickHouseDatabase;
let db: ClickHouseHttp;

beforeAll(async () => {
  clickhouse = await createClickHouseDatabase();
  db = new ClickHouseHttp(clickhouse.urls, { database: clickhouse.database });
});
afterAll(() => clickhouse?.drop());

const allAscii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
const strings: [string, string][] = [
  ['empty', ''],
  ['quotes', `'"\`''`],
  ['backslashes', '\\\\\\'],
  ['a backslash before the closing quote', 'abc\\'],
  ['escape-looking text', '\\x41\\n\\0\\u0041'],
  ['NUL', 'a\0b\0'],
  ['every ASCII character', allAscii],
  ['unicode', 'é 中文 😀 \u200b \uFEFF \u2028'],
  ['lone surrogates', 'x\uD800y\uDFFFz'],
  ['SQL', "'); DROP TABLE fl_fields; SELECT ('"],
  ['a megabyte of quotes and newlines', "'\n\\".repeat(350_000)],
];

describe('string literals round-trip through ClickHouse', () => {
  test.each(strings)('%s', async (_, text) => {
    const { data } = await db.select(`SELECT ${clickHouseStringLiteral(text)} AS s, length(s) AS bytes`);
    expect(data[0].s).toBe(wellFormedText(text));
    expect(Number(data[0].bytes)).toBe(Buffer.byteLength(wellFormedText(text)));
  });
});

describe('number literals round-trip through ClickHouse', () => {
  test.each([0, -0, 1, -1, 42, 2 ** 53 - 1, -(2 ** 53) + 1, 0.1, 1 / 3, -2.5e-300, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 1e21])(
    '%s',
    async (value) => {
      const { data } = await db.select(`SELECT toFloat64(${clickHouseNumberLiteral(value)}) AS n`);
      expect(Object.is(data[0].n, value) || data[0].n === value).toBe(true);
    },
  );
});
