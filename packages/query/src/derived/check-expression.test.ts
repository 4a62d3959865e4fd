import { describe, expect, test } from 'vitest';
import type { FieldInfo } from '../dataset-schema.ts';
import { checkExpression, derivedFieldType } from './check-expression.ts';
import { ExpressionError } from './expression-error.ts';
import { parseExpression } from './parse-expression.ts';

const field = (name: string, type: FieldInfo['type'], i: number): [string, FieldInfo] => [name, { name, type, column: `f${i}` }];
const fields = new Map([
  field('duration_ms', 'float', 1),
  field('http.status_code', 'integer', 2),
  field('http.route', 'string', 3),
  field('error', 'boolean', 4),
  field('name with spaces', 'string', 5),
  field('we"ird\\$(name', 'string', 6),
]);
const scope = { fields };

function errorOf(text: string, derived?: Map<string, string>, name?: string): string {
  try {
    checkExpression(text, { fields, derived }, name);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return (error as Error).message;
  }
  throw new Error(`${text} was accepted`);
}

describe('parsing', () => {
  test('columns bare, quoted and raw; literals of every kind; a trailing comma', () => {
    expect(parseExpression('IF($error, $"name with spaces", `raw\\d`, "a\\tb", -1.5e3, 42, true, null,)')).toMatchObject({
      kind: 'call',
      name: 'IF',
      args: [
        { kind: 'column', name: 'error' },
        { kind: 'column', name: 'name with spaces' },
        { kind: 'literal', value: 'raw\\d' },
        { kind: 'literal', value: 'a\tb' },
        { kind: 'literal', value: -1500, integer: false },
        { kind: 'literal', value: 42, integer: true },
        { kind: 'literal', value: true },
        { kind: 'literal', value: null },
      ],
    });
  });

  test('a hostile name inside $"..." is only a name', () => {
    const tree = checkExpression('$"we\\"ird\\\\$(name"', scope);
    expect(tree).toMatchObject({ kind: 'field', field: { column: 'f6' }, type: 'string' });
  });

  test.each([
    ['DIV(1, 2', 'expected "," or ")" in DIV(...), found the end at 1:9'],
    ['SUM(1 2)', 'expected "," or ")" in SUM(...), found a number at 1:7'],
    ['"open', 'unterminated string at 1:1'],
    ['IF(\n  $a,\n  #)', 'unexpected "#" at 3:3'],
    ['$ ', '$ must be followed by a column name (quote names with spaces: $"my column") at 1:1'],
    ['duration_ms', 'expected "(" after duration_ms (columns start with $: $duration_ms) at 1:12'],
    ['1 2', 'expected the end of the expression, found a number at 1:3'],
    ['"\\q"', 'unknown escape \\q at 1:2'],
    ['99999999999999999999', '99999999999999999999 is beyond the exact integers (±2^53) at 1:1'],
  ])('%j is refused: %s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

describe('checking', () => {
  test.each([
    ['DIV($duration_ms, 2, 3)', 'DIV expects 2 arguments, got 3 (DIV(a, b)) at 1:1'],
    ['IF(GT($duration_ms, 1), DIV(1, 2, 3))', 'DIV expects 2 arguments, got 3 (DIV(a, b)) at 1:25'],
    ['SUM($duraton_ms, 1)', 'no column "duraton_ms"; did you mean $duration_ms? at 1:5'],
    ['$"name with spaice"', 'no column "name with spaice"; did you mean $"name with spaces"? at 1:1'],
    ['CONCT($http.route)', 'unknown function CONCT; did you mean CONCAT? at 1:1'],
    ['EQUALS($http.route, 200)', 'EQUALS compares values of one kind, got string and number (convert one with STRING, INT or FLOAT) at 1:1'],
    ['MAX($http.route, 1)', 'MAX compares numbers with numbers or strings with strings, not a mix (string, integer) at 1:1'],
    ['REG_MATCH($http.route, $http.route)', 'REG_MATCH needs the regular expression as a string literal (argument 2) at 1:24'],
    ['REG_MATCH($http.route, `(?=x)`)', 'REG_MATCH: lookahead and lookbehind are not part of RE2 regular expressions at 1:1'],
    ['REG_VALUE($http.route, `(a)\\1`)', 'REG_VALUE: backreferences are not part of RE2 regular expressions at 1:1'],
    ['REG_COUNT($http.route, `(`)', expect.stringMatching(/^REG_COUNT: the regular expression does not compile/)],
    ['BUCKET($duration_ms, 0)', 'BUCKET needs a size above 0 at 1:1'],
    ['FORMAT_TIME("%Q", EVENT_TIMESTAMP())', expect.stringMatching(/^FORMAT_TIME does not support %Q/)],
    ['INGEST_TIMESTAMP()', 'INGEST_TIMESTAMP is not available: this server does not record when each event arrived at 1:1'],
    ['EVENT_TIMESTAMP(1)', 'EVENT_TIMESTAMP expects 0 arguments, got 1 (EVENT_TIMESTAMP()) at 1:1'],
    ['AND()', 'AND expects at least 1 argument, got 0 (AND(condition, condition2, ...)) at 1:1'],
  ])('%s is refused', (text, message) => {
    expect(errorOf(text)).toEqual(message);
  });

  test.each([
    ['IF(GTE($http.status_code, 500), $duration_ms, null)', 'float'],
    ['IF($error, 1, 0)', 'integer'],
    ['IF($error, 1, 0.5)', 'float'],
    ['IF($error, "yes", 1)', 'string'],
    ['COALESCE($http.route, "none")', 'string'],
    ['SUM($http.status_code, 1)', 'integer'],
    ['SUM($http.status_code, 1.5)', 'float'],
    ['DIV(4, 2)', 'float'],
    ['REG_COUNT($http.route, `/`)', 'integer'],
    ['EXISTS($error)', 'boolean'],
    ['null', 'float'],
    ['if(gt($duration_ms, 1), "slow", "fast")', 'string'],
  ])('%s is a %s', (text, type) => {
    expect(derivedFieldType(checkExpression(text, scope))).toBe(type);
  });

  test('a derived column may use another; cycles are refused where they close', () => {
    const derived = new Map([
      ['slow', 'GT($duration_ms, 100)'],
      ['a', 'NOT($b)'],
      ['b', 'AND($slow, $a)'],
      ['broken', 'DIV(1)'],
    ]);
    expect(checkExpression('IF($slow, 1, 0)', { fields, derived })).toMatchObject({ type: 'integer', args: [{ fn: 'GT' }, { value: 1 }, { value: 0 }] });
    expect(errorOf('$a', derived)).toBe('derived columns refer to each other in a cycle: $a → $b → $a at 1:1');
    expect(errorOf('OR($slow, $a)', derived, 'a')).toBe('derived columns refer to each other in a cycle: $a → $a at 1:11');
    expect(errorOf('NOT($broken)', derived)).toBe('derived column $broken does not work: DIV expects 2 arguments, got 1 (DIV(a, b)) at 1:1 at 1:5');
  });
});
