// Random well-typed derived-column expressions over the oracle's columns (s, p, n, f, b, t
// and a hostile name), seeded: every function, nested, with literals of every kind. Maths
// multiplies leaves only, so integers stay exact and far from 2^63 (where DuckDB refuses
// and ClickHouse wraps) and doubles stay finite.
import { pick, randomInt, type Random } from '../../hardening/seeded-random.ts';

export type ExpressionType = 'string' | 'integer' | 'float' | 'boolean';
const TYPES: readonly ExpressionType[] = ['string', 'integer', 'float', 'boolean'];

export const HOSTILE_COLUMN = `we"ird $(name\`) '; DROP TABLE x; --`;
const COLUMNS: Record<ExpressionType, readonly string[]> = {
  string: ['$s', '$p', '$t', `$"${HOSTILE_COLUMN.replaceAll('"', '\\"')}"`],
  integer: ['$n'],
  float: ['$f'],
  boolean: ['$b'],
};
const LITERALS: Record<ExpressionType, readonly string[]> = {
  string: ['"abc"', '""', '"42"', '"true"', '"ÉCOLE"', '"/users/"', '"\\"q\\""', '"-1.5e3"', 'null'],
  integer: ['0', '1', '-7', '10', '1000000', 'null'],
  float: ['2.5', '-0.5', '0.1', '1e-9', '123456.789', 'null'],
  boolean: ['true', 'false', 'null'],
};
/** Patterns whose meaning JavaScript and RE2 share, none matching the empty string. */
const PATTERNS = ['`[0-9]+`', '`^/([a-z]+)/`', '`[A-Z]`', '`(b|c)+`', '`\\.`', '`é`', '`^-?[0-9]`', '`([a-z])([a-z])`'];
const FORMATS = ['"%Y-%m-%d %H:%M:%S"', '"%y|%j|%p|%I|%w|%%"'];

export function randomExpression(random: Random, type: ExpressionType = pick(random, TYPES), depth = 3): string {
  const any = () => randomExpression(random, pick(random, TYPES), depth - 1);
  const of = (t: ExpressionType) => randomExpression(random, t, depth - 1);
  const leaf = (t: ExpressionType) => (random() < 0.6 ? pick(random, COLUMNS[t]) : pick(random, LITERALS[t]));
  const number = () => (random() < 0.5 ? leaf('integer') : leaf('float'));
  const many = (make: () => string, min: number, max: number) => Array.from({ length: randomInt(random, min, max) }, make).join(', ');
  if (depth <= 0 || random() < 0.2) return leaf(type);
  const choices: Record<ExpressionType, (() => string)[]> = {
    boolean: [
      () => `${pick(random, ['LT', 'LTE', 'GT', 'GTE'])}(${any()}, ${any()})`,
      () => {
        const t = pick(random, TYPES);
        return `EQUALS(${of(t)}, ${of(t)})`;
      },
      () => `IN(${of('integer')}, ${many(() => leaf('integer'), 1, 3)})`,
      () => `EXISTS(${any()})`,
      () => `NOT(${any()})`,
      () => `${pick(random, ['AND', 'OR'])}(${many(any, 1, 3)})`,
      () => `${pick(random, ['STARTS_WITH', 'ENDS_WITH', 'CONTAINS'])}(${any()}, ${of('string')})`,
      () => `REG_MATCH(${any()}, ${pick(random, PATTERNS)})`,
      () => `BOOL(${any()})`,
    ],
    integer: [
      () => `${pick(random, ['SUM', 'SUB'])}(${of('integer')}, ${of('integer')})`,
      () => `MUL(${leaf('integer')}, ${leaf('integer')})`,
      () => `MOD(${of('integer')}, ${leaf('integer')})`,
      () => `BUCKET(${of('integer')}, ${pick(random, ['5', '100'])})`,
      () => `INT(${any()})`,
      () => `REG_COUNT(${any()}, ${pick(random, PATTERNS)})`,
      () => `LENGTH(${any()}${random() < 0.5 ? ', "bytes"' : ''})`,
      () => `IF(${of('boolean')}, ${of('integer')}, ${of('integer')})`,
      () => `${pick(random, ['MIN', 'MAX'])}(${many(() => of('integer'), 1, 3)})`,
    ],
    float: [
      () => `SUM(${of('float')}, ${any()})`,
      () => `SUB(${number()}, ${of('float')})`,
      () => `MUL(${leaf('float')}, ${number()})`,
      () => `DIV(${of(pick(random, ['integer', 'float']))}, ${of(pick(random, ['integer', 'float', 'string']))})`,
      () => `MOD(${of('float')}, ${number()})`,
      () => `LOG10(${any()})`,
      () => `BUCKET(${of('float')}, 100, 0, 500)`,
      () => `FLOAT(${any()})`,
      () => `UNIX_TIMESTAMP(${of('string')})`,
      () => `SUB(EVENT_TIMESTAMP(), 1700000000)`,
      () => `COALESCE(${of('float')}, ${of('integer')})`,
      () => `IF(${of('boolean')}, ${of('float')}, ${of('integer')})`,
    ],
    string: [
      () => `CONCAT(${many(any, 1, 3)})`,
      () => `STRING(${any()})`,
      () => `${pick(random, ['TO_LOWER', 'TO_UPPER'])}(${of('string')})`,
      () => `REG_VALUE(${any()}, ${pick(random, PATTERNS)})`,
      () => `IF(${of('boolean')}, ${of('string')}, ${of('string')})`,
      // A text branch makes the other one text, as STRING writes it.
      () => `IF(${of('boolean')}, "abc", ${any()})`,
      () => `SWITCH(${of('string')}, ${leaf('string')}, "abc", ${any()})`,
      () => `COALESCE(${of('string')}, ${of('string')})`,
      () => `${pick(random, ['MIN', 'MAX'])}(${of('string')}, ${of('string')})`,
      () => `FORMAT_TIME(${pick(random, FORMATS)}, ${of(pick(random, ['integer', 'float']))})`,
    ],
  };
  return pick(random, choices[type])();
}
