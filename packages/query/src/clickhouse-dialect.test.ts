import { describe, expect, test } from 'vitest';
import { clickHouseDialect, clickHouseNumberLiteral, clickHouseStringLiteral, wellFormedText } from './clickhouse-dialect.ts';

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
    expect([true, false, 'x', 7].map((v) => clickHouseDialect.printer(params).value(v))).toEqual(['1', '0', "'x'", '7']);
    expect(params).toEqual([]);
  });
});
