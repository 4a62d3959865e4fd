import { describe, expect, it } from 'vitest';
import { parseExactJson } from './parse-exact-json.ts';

describe('parseExactJson', () => {
  it('keeps integers past 2^53 exact, as bigints, and the rest as JSON.parse reads them', () => {
    expect(parseExactJson('{"big": 4611686018427387905, "small": 42, "f": 1.5, "s": "12345678901234567890"}')).toEqual({
      big: 4611686018427387905n,
      small: 42,
      f: 1.5,
      s: '12345678901234567890',
    });
    expect(parseExactJson('[9007199254740993, -9007199254740993, 9007199254740991]')).toEqual([9007199254740993n, -9007199254740993n, 9007199254740991]);
  });

  it('reads an integer past int64 as the nearest number, a float', () => {
    // eslint-disable-next-line no-loss-of-precision -- the rounded number is the expectation
    expect(parseExactJson('[18446744073709551615]')).toEqual([18446744073709551615]);
  });

  it('lets the last of duplicate keys win and keeps __proto__ as data, as JSON.parse does', () => {
    const parsed = parseExactJson('{"a": 1, "a": 9007199254740993, "__proto__": 1234567890123456789}') as Record<string, unknown>;
    expect(parsed.a).toBe(9007199254740993n);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toBe(1234567890123456789n);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('throws a SyntaxError on bad JSON on either path', () => {
    expect(() => parseExactJson('{"a": ')).toThrow(SyntaxError);
    expect(() => parseExactJson('{"a": 12345678901234567890')).toThrow(SyntaxError);
  });
});
