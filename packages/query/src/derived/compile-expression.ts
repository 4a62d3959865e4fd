// A checked derived-column expression as an SQL node, the same tree for every engine (the
// printers spell the functions). Values from the expression (strings, numbers, patterns,
// formats) are parameters. The rules it follows, with examples, are in docs/derived-columns.md:
// conditions are never NULL (a missing value makes them false); value functions of a
// missing value are missing; maths counts missing and unparseable arguments as 0 and is
// missing only when every argument is.
import type { FieldInfo } from '../dataset-schema.ts';
import { TIMESTAMP_COLUMN } from '../dataset-schema.ts';
import type { Expr, SqlType } from '../sql/sql-node.ts';
import { and, cast, caseWhen, fn, id, isNotNull, isNull, lit, not, NULL, op, or, parens, typedNull, val } from '../sql/sql-build.ts';
import type { TypedExpression, ValueType } from './expression-types.ts';

/** How a field reads in the table being scanned: its physical column, or NULL where the table lacks it. */
export type FieldColumn = (field: FieldInfo) => Expr;

/** Text that both engines read as the same number; anything else is not a number. */
export const NUMBER_TEXT = '^-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$';
/** The RFC 3339 times UNIX_TIMESTAMP reads. */
export const RFC3339_TEXT = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[-+][0-9]{2}:[0-9]{2})$';
const FRACTION = '(\\.[0-9]+)';
/** Below this a double that is a whole number is written as the integer (it fits a BIGINT exactly). */
const EXACT_TEXT_LIMIT = 1e18;

const SQL_TYPES: Partial<Record<ValueType, SqlType>> = { integer: 'bigint', float: 'double', string: 'text' };

/** The expression's value, typed as the checker says, for one table's rows. */
export function compileExpression(expression: TypedExpression, column: FieldColumn): Expr {
  const value = (e: TypedExpression): Expr => compileValue(e, column);
  if (expression.type === 'null') return typedNull('double');
  const compiled = value(expression);
  return expression.type === 'boolean' ? fn('asBoolean', compiled) : cast(compiled, SQL_TYPES[expression.type]!);
}

/** Operators whose result must be parenthesised to stand as an operand (`a IS NOT NULL IS NOT NULL` is no SQL on ClickHouse). */
const BARE_OPERATORS = new Set(['binary', 'junction', 'not', 'isNull', 'in', 'nullSafeEqual']);
const operand = (expr: Expr): Expr => (BARE_OPERATORS.has(expr.kind) ? parens(expr) : expr);

/** Whole seconds FORMAT_TIME writes: from 1970 to before 2106, where ClickHouse's DateTime ends. */
const FORMAT_TIME_END = 2 ** 32;
/** INT of a number beyond this (the last double below 2^63) has no integer: it is null. */
const INTEGER_LIMIT = 2 ** 63 - 1024;

function compileValue(e: TypedExpression, column: FieldColumn): Expr {
  const value = (x: TypedExpression) => operand(compileValue(x, column));
  const args = e.kind === 'call' ? e.args : [];

  /** A condition that is never NULL: booleans as they are, non-zero numbers, the text "true". */
  const truthy = (x: TypedExpression): Expr => {
    if (x.kind === 'literal' && x.value === null) return val(false);
    const v = value(x);
    switch (x.type) {
      case 'boolean':
        return fn('coalesce', v, val(false));
      case 'integer':
      case 'float':
        return fn('coalesce', op('<>', v, lit(0)), val(false));
      case 'string':
        return fn('coalesce', op('=', v, val('true')), val(false));
      default:
        return val(false);
    }
  };
  /** A value as a number: text that spells one is parsed, any other text or a boolean is 0, missing stays missing. */
  const number = (x: TypedExpression): Expr => {
    // Of the call's type: a double NULL would make integer maths a double, which ClickHouse cannot unify with integers.
    if (x.kind === 'literal' && x.value === null) return typedNull(e.type === 'integer' ? 'bigint' : 'double');
    const v = value(x);
    switch (x.type) {
      case 'integer':
      case 'float':
        return v;
      case 'string':
        return caseWhen([
          [fn('regexpMatches', v, val(NUMBER_TEXT)), fn('parseDouble', v)],
          [isNotNull(v), lit(0)],
        ]);
      default:
        return caseWhen([[isNotNull(v), lit(0)]]);
    }
  };
  /** A value as text, as STRING writes it. */
  const text = (x: TypedExpression): Expr => {
    if (x.kind === 'literal' && x.value === null) return typedNull('text');
    const v = value(x);
    switch (x.type) {
      case 'string':
        return v;
      case 'integer':
        return fn('integerText', v);
      case 'float':
        return caseWhen([[and(op('=', v, fn('floor', v)), op('<', fn('abs', v), val(EXACT_TEXT_LIMIT))), fn('integerText', v)]], fn('doubleText', v));
      case 'boolean':
        return caseWhen([
          [op('=', v, val(true)), val('true')],
          [op('=', v, val(false)), val('false')],
        ]);
      default:
        return NULL;
    }
  };
  /** A value as the type several results share (IF's branches, COALESCE's arguments). */
  const as = (x: TypedExpression, type: ValueType): Expr => {
    if (x.kind === 'literal' && x.value === null) return NULL;
    if (x.type === type) return value(x);
    if (type === 'float') return fn('toDouble', value(x));
    return text(x);
  };
  /** Whole towards zero, as a double. */
  const truncate = (x: Expr): Expr => caseWhen([[op('<', x, lit(0)), op('-', lit(0), fn('floor', op('-', lit(0), x)))]], fn('floor', x));
  /** Maths over arguments where a missing one counts as 0, missing only when every one is. */
  const arithmetic = (combine: (operands: Expr[]) => Expr): Expr => {
    const numbers = args.map(number);
    const combined = combine(numbers.map((n) => fn('coalesce', n, lit(0))));
    // A value among the arguments is never missing (and ClickHouse refuses `CAST(1 AS Nullable(Int64)) IS NULL AND ...`).
    if (args.some((a) => a.kind === 'literal' && a.value !== null)) return combined;
    return caseWhen([[and(...numbers.map(isNull)), NULL]], combined);
  };
  const compare = (operator: '<' | '<=' | '>' | '>='): Expr => {
    const [a, b] = args;
    // A number against text compares numbers: the text is parsed where it spells one.
    const numeric = a.type !== 'string' || b.type !== 'string';
    const [left, right] = numeric ? [number(a), number(b)] : [value(a), value(b)];
    return fn('coalesce', op(operator, left, right), val(false));
  };
  const equals = (a: TypedExpression, b: TypedExpression): Expr => {
    if (a.kind === 'literal' && a.value === null) return isNull(value(b));
    if (b.kind === 'literal' && b.value === null) return isNull(value(a));
    return fn('coalesce', op('=', value(a), value(b)), val(false));
  };
  /** The least or greatest present argument. */
  const extreme = (name: 'least' | 'greatest'): Expr => {
    const operands = args.filter((a) => !(a.kind === 'literal' && a.value === null)).map((a) => as(a, e.type));
    if (operands.length === 0) return NULL;
    const first = fn('coalesce', ...operands);
    // least() and greatest() take two arguments on some engines, no text on some, and give NULL for any NULL on others.
    const pick = (a: Expr, b: Expr) => (e.type === 'string' ? caseWhen([[op(name === 'least' ? '<=' : '>=', a, b), a]], b) : fn(name, a, b));
    return operands.map((o) => fn('coalesce', o, first)).reduce(pick);
  };

  switch (e.kind) {
    case 'field':
      return column(e.field);
    case 'literal':
      // Typed: ClickHouse's bare NULL is of type Nothing, which floor() and others refuse.
      if (e.value === null) return typedNull('double');
      // An integer is a value of no Nullable type: ClickHouse mishandles functions of a Nullable constant.
      return val(e.value);
    case 'call':
      break;
  }

  switch (e.fn) {
    case 'IF': {
      const whens: [Expr, Expr][] = [];
      for (let i = 0; i + 1 < args.length; i += 2) whens.push([truthy(args[i]), as(args[i + 1], e.type)]);
      return caseWhen(whens, args.length % 2 === 1 ? as(args[args.length - 1], e.type) : undefined);
    }
    case 'SWITCH': {
      const [subject, ...rest] = args;
      const whens: [Expr, Expr][] = [];
      for (let i = 0; i + 1 < rest.length; i += 2) whens.push([equals(subject, rest[i]), as(rest[i + 1], e.type)]);
      return caseWhen(whens, rest.length % 2 === 1 ? as(rest[rest.length - 1], e.type) : undefined);
    }
    case 'COALESCE': {
      const present = args.filter((a) => !(a.kind === 'literal' && a.value === null));
      return present.length === 0 ? NULL : fn('coalesce', ...present.map((a) => as(a, e.type)));
    }
    case 'LT':
      return compare('<');
    case 'LTE':
      return compare('<=');
    case 'GT':
      return compare('>');
    case 'GTE':
      return compare('>=');
    case 'EQUALS':
      return equals(args[0], args[1]);
    case 'IN':
      return parens(or(...args.slice(1).map((candidate) => equals(args[0], candidate))));
    case 'EXISTS':
      return args[0].kind === 'literal' ? val(args[0].value !== null) : isNotNull(value(args[0]));
    case 'NOT':
      return not(parens(truthy(args[0])));
    case 'AND':
      return parens(and(...args.map(truthy)));
    case 'OR':
      return parens(or(...args.map(truthy)));
    case 'MIN':
      return extreme('least');
    case 'MAX':
      return extreme('greatest');
    case 'SUM':
      return arithmetic((n) => parens(n.reduce((a, b) => op('+', a, b))));
    case 'SUB':
      return arithmetic(([a, b]) => parens(op('-', a, b)));
    case 'MUL':
      return arithmetic((n) => parens(n.reduce((a, b) => op('*', a, b))));
    case 'DIV':
      return arithmetic(([a, b]) => op('/', fn('toDouble', a), fn('nullIf', fn('toDouble', b), lit(0))));
    case 'MOD':
      return arithmetic(([a, b]) => {
        const divisor = fn('nullIf', b, lit(0));
        // ClickHouse divides even where the answer is NULL, and an integer division by 0 throws: it divides by 1 there.
        if (e.type === 'integer') return caseWhen([[op('=', b, lit(0)), NULL]], op('%', a, caseWhen([[op('=', b, lit(0)), lit(1)]], b)));
        // Engines disagree on % of doubles; a - b·trunc(a/b) is the remainder with the sign of a on both.
        return parens(op('-', a, op('*', divisor, truncate(op('/', a, divisor)))));
      });
    case 'LOG10': {
      const x = number(args[0]);
      return caseWhen([[op('>', x, lit(0)), fn('log10', fn('toDouble', x))]]);
    }
    case 'BUCKET': {
      const x = number(args[0]);
      const [size, low, high] = args.slice(1).map((a) => (a as { value: number }).value) as [number, number?, number?];
      const start = low ?? 0;
      const floored = op('+', val(start), op('*', fn('floor', op('/', parens(op('-', x, val(start))), val(size))), val(size)));
      const bucket = e.type === 'integer' ? cast(floored, 'bigint') : floored;
      if (high === undefined) return bucket;
      return caseWhen(
        [
          [isNull(x), NULL],
          [op('<', x, val(start)), val(start - size)],
          [op('>=', x, val(high)), val(high)],
        ],
        bucket,
      );
    }
    case 'INT': {
      const [x] = args;
      if (x.type === 'integer') return value(x);
      if (x.type === 'boolean')
        return caseWhen([
          [op('=', value(x), val(true)), lit(1)],
          [op('=', value(x), val(false)), lit(0)],
        ]);
      const n = x.type === 'string' ? parsed(value(x)) : value(x);
      // A BIGINT: ClickHouse finds no common type for a double and another integer (IF's branches).
      return cast(caseWhen([[op('<=', fn('abs', n), val(INTEGER_LIMIT)), truncate(n)]]), 'bigint');
    }
    case 'FLOAT': {
      const [x] = args;
      if (x.type === 'boolean')
        return caseWhen([
          [op('=', value(x), val(true)), lit(1)],
          [op('=', value(x), val(false)), lit(0)],
        ]);
      return x.type === 'string' ? parsed(value(x)) : fn('toDouble', value(x));
    }
    case 'BOOL': {
      const [x] = args;
      if (x.kind === 'literal' && x.value === null) return NULL;
      return caseWhen([[isNull(value(x)), NULL]], truthy(x));
    }
    case 'STRING':
      return text(args[0]);
    case 'CONCAT': {
      const parts = args.filter((a) => !(a.kind === 'literal' && a.value === null)).map(text);
      if (parts.length === 0) return NULL;
      const joined = parts.map((p) => fn('coalesce', p, val('')));
      // ClickHouse's concat() takes two arguments at least.
      return caseWhen([[and(...parts.map(isNull)), NULL]], joined.length === 1 ? joined[0] : fn('concat', ...joined));
    }
    case 'STARTS_WITH':
      return fn('coalesce', fn('startsWith', text(args[0]), text(args[1])), val(false));
    case 'ENDS_WITH':
      return fn('coalesce', fn('endsWith', text(args[0]), text(args[1])), val(false));
    case 'CONTAINS':
      return fn('coalesce', fn('contains', text(args[0]), text(args[1])), val(false));
    case 'REG_MATCH':
      return fn('coalesce', fn('regexpMatches', text(args[0]), pattern(args[1])), val(false));
    case 'REG_VALUE': {
      const subject = text(args[0]);
      const source = String((args[1] as { value: string }).value);
      // The first capture group where the pattern has one, else the whole match.
      const extract = captureGroups(source) > 0 ? fn('regexpExtract', subject, pattern(args[1])) : fn('regexpMatch', subject, pattern(args[1]));
      return caseWhen([[fn('regexpMatches', subject, pattern(args[1])), extract]]);
    }
    case 'REG_COUNT': {
      const subject = text(args[0]);
      // Lengths and counts are signed: ClickHouse's unsigned ones share no type with other integers.
      return caseWhen([[isNotNull(subject), cast(fn('regexpCount', subject, pattern(args[1])), 'bigint')]]);
    }
    case 'LENGTH': {
      const bytes = args[1]?.kind === 'literal' && args[1].value === 'bytes';
      return cast(fn(bytes ? 'lengthBytes' : 'lengthChars', text(args[0])), 'bigint');
    }
    case 'TO_LOWER':
      return fn('lower', text(args[0]));
    case 'TO_UPPER':
      return fn('upper', text(args[0]));
    case 'UNIX_TIMESTAMP': {
      // Whole seconds and the fraction apart, so both engines add the same two doubles.
      // Upper case: DuckDB reads no lower-case `t` or `z`, which RFC 3339 allows.
      const subject = fn('upper', text(args[0]));
      const whole = fn('rfc3339Seconds', fn('regexpReplace', subject, val(FRACTION), val('')));
      const fraction = fn('coalesce', fn('parseDouble', fn('regexpExtract', subject, val(FRACTION))), lit(0));
      // From 1970 on: ClickHouse's DateTime has no earlier time.
      return caseWhen([[and(fn('regexpMatches', subject, val(RFC3339_TEXT)), op('>=', subject, val('1970'))), op('+', whole, fraction)]]);
    }
    case 'EVENT_TIMESTAMP':
      return op('/', fn('toDouble', fn('epochMicros', id(TIMESTAMP_COLUMN))), lit(1_000_000));
    case 'FORMAT_TIME': {
      const seconds = number(args[1]);
      const format = val(String((args[0] as { value: string }).value));
      return caseWhen([[and(op('>=', seconds, lit(0)), op('<', seconds, val(FORMAT_TIME_END))), fn('formatUnixTime', seconds, format)]]);
    }
    default:
      throw new Error(`no SQL for ${e.fn}`);
  }

  function pattern(x: TypedExpression): Expr {
    return val(String((x as { value: string }).value));
  }

  function parsed(v: Expr): Expr {
    return caseWhen([[fn('regexpMatches', v, val(NUMBER_TEXT)), fn('parseDouble', v)]]);
  }
}

/** How many capture groups a pattern has (named or not; `(?:` groups do not capture). */
function captureGroups(pattern: string): number {
  return new RegExp(`${pattern.replace(/\(\?P</g, '(?<')}|`, 'u').exec('')!.length - 1;
}
