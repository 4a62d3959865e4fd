// The functions of Honeycomb's derived columns: how many arguments each takes, what it
// requires of them, and the type it answers. The SQL for each is in compile-expression.ts;
// the semantics both follow are written down in docs/derived-columns.md.
import { ExpressionError, type Position } from './expression-error.ts';
import { commonType, isNumericType, type TypedExpression, type ValueType } from './expression-types.ts';

export interface FunctionSignature {
  readonly min: number;
  readonly max: number;
  /** How the arguments read, for messages and the editor's hints. */
  readonly usage: string;
  /** The result type; throws ExpressionError where the arguments cannot work. */
  result(args: readonly TypedExpression[], at: Position): ValueType;
}

const MANY = Infinity;

/** An argument that must be written as a literal of the kind named (a regex, a format). */
function literalArgument(args: readonly TypedExpression[], index: number, fn: string, what: string, kind: 'string' | 'number'): string | number {
  const arg = args[index];
  if (arg.kind !== 'literal' || typeof arg.value !== kind) {
    throw new ExpressionError(`${fn} needs ${what} as a ${kind} literal (argument ${index + 1})`, arg.at);
  }
  return arg.value as string | number;
}

const numeric = (args: readonly TypedExpression[]): ValueType => (args.every((a) => a.type === 'integer' || a.type === 'null') ? 'integer' : 'float');

/** MIN and MAX order numbers as numbers and text as text; a mix has no order. */
function sameKind(fn: string) {
  return (args: readonly TypedExpression[], at: Position): ValueType => {
    const type = commonType(args.map((a) => a.type));
    if (type === 'string' && args.some((a) => a.type !== 'string' && a.type !== 'null')) {
      throw new ExpressionError(`${fn} compares numbers with numbers or strings with strings, not a mix (${args.map((a) => a.type).join(', ')})`, at);
    }
    if (type === 'boolean') throw new ExpressionError(`${fn} cannot order booleans`, at);
    return type;
  };
}

/** EQUALS and IN compare values of one kind: a string never equals a number. */
function comparable(fn: string) {
  return (args: readonly TypedExpression[], at: Position): ValueType => {
    const kinds = new Set(args.map((a) => (a.type === 'integer' || a.type === 'float' ? 'number' : a.type)).filter((t) => t !== 'null'));
    if (kinds.size > 1) {
      throw new ExpressionError(`${fn} compares values of one kind, got ${[...kinds].join(' and ')} (convert one with STRING, INT or FLOAT)`, at);
    }
    return 'boolean';
  };
}

function regex(fn: string, result: ValueType) {
  return (args: readonly TypedExpression[], at: Position): ValueType => {
    checkRe2Pattern(String(literalArgument(args, 1, fn, 'the regular expression', 'string')), fn, at);
    return result;
  };
}

/**
 * Refuses what RE2 (both engines' regex library) does not run, so a pattern means the same
 * on both: lookaround and backreferences; and checks the rest compiles.
 */
function checkRe2Pattern(pattern: string, fn: string, at: Position): void {
  if (/\(\?<?[=!]/.test(pattern)) throw new ExpressionError(`${fn}: lookahead and lookbehind are not part of RE2 regular expressions`, at);
  if (/\\[1-9]/.test(pattern)) throw new ExpressionError(`${fn}: backreferences are not part of RE2 regular expressions`, at);
  try {
    new RegExp(pattern.replace(/\(\?P</g, '(?<'), 'u');
  } catch (error) {
    throw new ExpressionError(`${fn}: the regular expression does not compile (${(error as Error).message})`, at);
  }
}

/** strftime directives both engines print alike (UTC). */
const FORMAT_TIME_DIRECTIVES = new Set(['Y', 'm', 'd', 'H', 'M', 'S', 'y', 'j', 'p', 'I', 'w', '%']);

function formatTime(args: readonly TypedExpression[], at: Position): ValueType {
  const format = String(literalArgument(args, 0, 'FORMAT_TIME', 'the format', 'string'));
  for (const [, directive] of format.matchAll(/%(.?)/g)) {
    if (!FORMAT_TIME_DIRECTIVES.has(directive)) {
      throw new ExpressionError(`FORMAT_TIME does not support %${directive}; use %${[...FORMAT_TIME_DIRECTIVES].join(' %')}`, at);
    }
  }
  if (!isNumericType(args[1].type)) throw new ExpressionError(`FORMAT_TIME needs a unix timestamp in seconds, got a ${args[1].type}`, at);
  return 'string';
}

export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  IF: {
    min: 2,
    max: MANY,
    usage: 'IF(condition, value [, condition2, value2]... [, else])',
    result: (args) => commonType(args.filter((_, i) => i % 2 === 1 || (i === args.length - 1 && args.length % 2 === 1)).map((a) => a.type)),
  },
  SWITCH: {
    min: 3,
    max: MANY,
    usage: 'SWITCH(value, case, result [, case2, result2]... [, else])',
    result(args, at) {
      comparable('SWITCH')(
        args.filter((_, i) => i === 0 || (i % 2 === 1 && i < args.length - 1)),
        at,
      );
      return commonType(args.filter((_, i) => i > 0 && (i % 2 === 0 || i === args.length - 1)).map((a) => a.type));
    },
  },
  COALESCE: { min: 1, max: MANY, usage: 'COALESCE(value, value2, ...)', result: (args) => commonType(args.map((a) => a.type)) },
  LT: { min: 2, max: 2, usage: 'LT(a, b)', result: () => 'boolean' },
  LTE: { min: 2, max: 2, usage: 'LTE(a, b)', result: () => 'boolean' },
  GT: { min: 2, max: 2, usage: 'GT(a, b)', result: () => 'boolean' },
  GTE: { min: 2, max: 2, usage: 'GTE(a, b)', result: () => 'boolean' },
  EQUALS: { min: 2, max: 2, usage: 'EQUALS(a, b)', result: comparable('EQUALS') },
  IN: { min: 2, max: MANY, usage: 'IN(value, candidate, candidate2, ...)', result: comparable('IN') },
  EXISTS: { min: 1, max: 1, usage: 'EXISTS(value)', result: () => 'boolean' },
  NOT: { min: 1, max: 1, usage: 'NOT(condition)', result: () => 'boolean' },
  AND: { min: 1, max: MANY, usage: 'AND(condition, condition2, ...)', result: () => 'boolean' },
  OR: { min: 1, max: MANY, usage: 'OR(condition, condition2, ...)', result: () => 'boolean' },
  MIN: { min: 1, max: MANY, usage: 'MIN(a, b, ...)', result: sameKind('MIN') },
  MAX: { min: 1, max: MANY, usage: 'MAX(a, b, ...)', result: sameKind('MAX') },
  SUM: { min: 1, max: MANY, usage: 'SUM(a, b, ...)', result: numeric },
  SUB: { min: 2, max: 2, usage: 'SUB(a, b)', result: numeric },
  MUL: { min: 1, max: MANY, usage: 'MUL(a, b, ...)', result: numeric },
  DIV: { min: 2, max: 2, usage: 'DIV(a, b)', result: () => 'float' },
  MOD: { min: 2, max: 2, usage: 'MOD(a, b)', result: numeric },
  LOG10: { min: 1, max: 1, usage: 'LOG10(a)', result: () => 'float' },
  BUCKET: {
    min: 2,
    max: 4,
    usage: 'BUCKET(value, size [, min, max])',
    result(args, at) {
      if (args.length === 3) throw new ExpressionError('BUCKET takes a size, or a size, a min and a max', at);
      const numbers = args.slice(1).map((_, i) => Number(literalArgument(args, i + 1, 'BUCKET', ['the size', 'the min', 'the max'][i], 'number')));
      if (!(numbers[0] > 0)) throw new ExpressionError('BUCKET needs a size above 0', at);
      if (numbers.length === 3 && !(numbers[1] < numbers[2])) throw new ExpressionError('BUCKET needs its min below its max', at);
      return numeric(args);
    },
  },
  INT: { min: 1, max: 1, usage: 'INT(value)', result: () => 'integer' },
  FLOAT: { min: 1, max: 1, usage: 'FLOAT(value)', result: () => 'float' },
  BOOL: { min: 1, max: 1, usage: 'BOOL(value)', result: () => 'boolean' },
  STRING: { min: 1, max: 1, usage: 'STRING(value)', result: () => 'string' },
  CONCAT: { min: 1, max: MANY, usage: 'CONCAT(a, b, ...)', result: () => 'string' },
  STARTS_WITH: { min: 2, max: 2, usage: 'STARTS_WITH(text, prefix)', result: () => 'boolean' },
  ENDS_WITH: { min: 2, max: 2, usage: 'ENDS_WITH(text, suffix)', result: () => 'boolean' },
  CONTAINS: { min: 2, max: 2, usage: 'CONTAINS(text, part)', result: () => 'boolean' },
  REG_MATCH: { min: 2, max: 2, usage: 'REG_MATCH(text, `regex`)', result: regex('REG_MATCH', 'boolean') },
  REG_VALUE: { min: 2, max: 2, usage: 'REG_VALUE(text, `regex`)', result: regex('REG_VALUE', 'string') },
  REG_COUNT: { min: 2, max: 2, usage: 'REG_COUNT(text, `regex`)', result: regex('REG_COUNT', 'integer') },
  LENGTH: {
    min: 1,
    max: 2,
    usage: 'LENGTH(text [, "chars" | "bytes"])',
    result(args, at) {
      if (args.length === 2) {
        const unit = literalArgument(args, 1, 'LENGTH', 'the unit', 'string');
        if (unit !== 'chars' && unit !== 'bytes') throw new ExpressionError(`LENGTH counts "chars" or "bytes", not ${JSON.stringify(unit)}`, at);
      }
      return 'integer';
    },
  },
  TO_LOWER: { min: 1, max: 1, usage: 'TO_LOWER(text)', result: () => 'string' },
  TO_UPPER: { min: 1, max: 1, usage: 'TO_UPPER(text)', result: () => 'string' },
  UNIX_TIMESTAMP: { min: 1, max: 1, usage: 'UNIX_TIMESTAMP(rfc3339_text)', result: () => 'float' },
  EVENT_TIMESTAMP: { min: 0, max: 0, usage: 'EVENT_TIMESTAMP()', result: () => 'float' },
  INGEST_TIMESTAMP: {
    min: 0,
    max: 0,
    usage: 'INGEST_TIMESTAMP()',
    result(_args, at) {
      throw new ExpressionError('INGEST_TIMESTAMP is not available: this server does not record when each event arrived', at);
    },
  },
  FORMAT_TIME: { min: 2, max: 2, usage: 'FORMAT_TIME(format, unix_seconds)', result: formatTime },
};

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);
