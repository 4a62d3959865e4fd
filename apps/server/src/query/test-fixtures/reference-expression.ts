// The derived-column language evaluated in JavaScript, as docs/derived-columns.md says it
// answers: the reference the random-expression oracle holds both engines to. It reads the
// checked tree (so types, and the common type of IF's branches, are the checker's).
import { NUMBER_TEXT, RFC3339_TEXT, type TypedExpression, type ValueType } from '@flashlight/query';

export type Value = string | number | boolean | null;
/** An event: its fields by name, and its time in seconds. */
export interface ReferenceEvent {
  fields: Readonly<Record<string, Value>>;
  timeSeconds: number;
}

const NUMBER = new RegExp(NUMBER_TEXT);
const RFC3339 = new RegExp(RFC3339_TEXT);
const isNullLiteral = (x: TypedExpression) => x.kind === 'literal' && x.value === null;
/** Text compares as UTF-8 bytes on both engines. */
const compareText = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function evaluateExpression(e: TypedExpression, event: ReferenceEvent): Value {
  const value = (x: TypedExpression) => evaluateExpression(x, event);
  const args = e.kind === 'call' ? e.args : [];

  const truthy = (x: TypedExpression): boolean => {
    const v = value(x);
    if (v === null) return false;
    if (x.type === 'boolean') return v === true;
    if (x.type === 'integer' || x.type === 'float') return v !== 0;
    if (x.type === 'string') return v === 'true';
    return false;
  };
  const number = (x: TypedExpression): number | null => {
    const v = value(x);
    if (v === null) return null;
    if (typeof v === 'number') return v;
    if (typeof v === 'string') return NUMBER.test(v) ? Number(v) : 0;
    return 0;
  };
  const text = (x: TypedExpression): string | null => {
    const v = value(x);
    if (v === null) return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return String(v);
    if (x.type === 'integer' || (Number.isInteger(v) && Math.abs(v) < 1e18)) return String(v);
    // The shortest text that reads back as the float, its exponent without `+`.
    return (Number.isInteger(v) ? v.toExponential() : String(v)).replace('e+', 'e');
  };
  const as = (x: TypedExpression, type: ValueType): Value => {
    if (isNullLiteral(x)) return null;
    if (x.type === type) return value(x);
    if (type === 'float') return value(x) === null ? null : Number(value(x));
    return text(x);
  };
  const arithmetic = (combine: (operands: number[]) => number | null): number | null => {
    const numbers = args.map(number);
    if (numbers.every((n) => n === null)) return null;
    return combine(numbers.map((n) => n ?? 0));
  };
  const compare = (test: (order: number) => boolean): boolean => {
    const [a, b] = args;
    if (a.type === 'string' && b.type === 'string') {
      const [x, y] = [value(a), value(b)];
      return x !== null && y !== null && test(compareText(x as string, y as string));
    }
    const [x, y] = [number(a), number(b)];
    return x !== null && y !== null && test(x - y);
  };
  const equals = (a: TypedExpression, b: TypedExpression): boolean => {
    if (isNullLiteral(a)) return value(b) === null;
    if (isNullLiteral(b)) return value(a) === null;
    const [x, y] = [value(a), value(b)];
    return x !== null && y !== null && x === y;
  };
  const extreme = (least: boolean): Value => {
    const present = args
      .filter((a) => !isNullLiteral(a))
      .map((a) => as(a, e.type))
      .filter((v) => v !== null);
    if (present.length === 0) return null;
    const order = (x: Value, y: Value) => (typeof x === 'string' ? compareText(x, y as string) : (x as number) - (y as number));
    return present.reduce((best, v) => ((least ? order(v, best) < 0 : order(v, best) > 0) ? v : best));
  };
  const parsed = (v: Value): number | null => (typeof v === 'string' && NUMBER.test(v) ? Number(v) : null);
  const regex = (x: TypedExpression, flags = '') => new RegExp(String((x as { value: string }).value), `u${flags}`);

  switch (e.kind) {
    case 'field':
      return event.fields[e.field.name] ?? null;
    case 'literal':
      return e.value;
    case 'call':
      break;
  }

  switch (e.fn) {
    case 'IF': {
      for (let i = 0; i + 1 < args.length; i += 2) if (truthy(args[i])) return as(args[i + 1], e.type);
      return args.length % 2 === 1 ? as(args[args.length - 1], e.type) : null;
    }
    case 'SWITCH': {
      const [subject, ...rest] = args;
      for (let i = 0; i + 1 < rest.length; i += 2) if (equals(subject, rest[i])) return as(rest[i + 1], e.type);
      return rest.length % 2 === 1 ? as(rest[rest.length - 1], e.type) : null;
    }
    case 'COALESCE':
      return args.map((a) => as(a, e.type)).find((v) => v !== null) ?? null;
    case 'LT':
      return compare((o) => o < 0);
    case 'LTE':
      return compare((o) => o <= 0);
    case 'GT':
      return compare((o) => o > 0);
    case 'GTE':
      return compare((o) => o >= 0);
    case 'EQUALS':
      return equals(args[0], args[1]);
    case 'IN':
      return args.slice(1).some((candidate) => equals(args[0], candidate));
    case 'EXISTS':
      return value(args[0]) !== null;
    case 'NOT':
      return !truthy(args[0]);
    case 'AND':
      return args.every(truthy);
    case 'OR':
      return args.some(truthy);
    case 'MIN':
      return extreme(true);
    case 'MAX':
      return extreme(false);
    case 'SUM':
      return arithmetic((n) => n.reduce((a, b) => a + b));
    case 'SUB':
      return arithmetic(([a, b]) => a - b);
    case 'MUL':
      return arithmetic((n) => n.reduce((a, b) => a * b));
    case 'DIV':
      return arithmetic(([a, b]) => (b === 0 ? null : a / b));
    case 'MOD':
      return arithmetic(([a, b]) => (b === 0 ? null : e.type === 'integer' ? a % b : a - b * Math.trunc(a / b)));
    case 'LOG10': {
      const x = number(args[0]);
      return x !== null && x > 0 ? Math.log10(x) : null;
    }
    case 'BUCKET': {
      const x = number(args[0]);
      const [size, low, high] = args.slice(1).map((a) => (a as { value: number }).value);
      if (x === null) return null;
      const start = low ?? 0;
      if (high !== undefined && x < start) return start - size;
      if (high !== undefined && x >= high) return high;
      return start + Math.floor((x - start) / size) * size;
    }
    case 'INT': {
      const v = value(args[0]);
      if (v === null) return null;
      if (typeof v === 'boolean') return v ? 1 : 0;
      const n = typeof v === 'string' ? parsed(v) : v;
      return n === null || !(Math.abs(n) < 2 ** 63) ? null : Math.trunc(n) || 0;
    }
    case 'FLOAT': {
      const v = value(args[0]);
      if (v === null) return null;
      if (typeof v === 'boolean') return v ? 1 : 0;
      return typeof v === 'string' ? parsed(v) : v;
    }
    case 'BOOL':
      return value(args[0]) === null ? null : truthy(args[0]);
    case 'STRING':
      return text(args[0]);
    case 'CONCAT': {
      const parts = args.filter((a) => !isNullLiteral(a)).map(text);
      return parts.every((p) => p === null) ? null : parts.map((p) => p ?? '').join('');
    }
    case 'STARTS_WITH':
    case 'ENDS_WITH':
    case 'CONTAINS': {
      const [whole, part] = [text(args[0]), text(args[1])];
      if (whole === null || part === null) return false;
      return e.fn === 'STARTS_WITH' ? whole.startsWith(part) : e.fn === 'ENDS_WITH' ? whole.endsWith(part) : whole.includes(part);
    }
    case 'REG_MATCH': {
      const subject = text(args[0]);
      return subject !== null && regex(args[1]).test(subject);
    }
    case 'REG_VALUE': {
      const subject = text(args[0]);
      const match = subject === null ? null : regex(args[1]).exec(subject);
      return match ? (match[1] ?? match[0]) : null;
    }
    case 'REG_COUNT': {
      const subject = text(args[0]);
      return subject === null ? null : [...subject.matchAll(regex(args[1], 'g'))].length;
    }
    case 'LENGTH': {
      const subject = text(args[0]);
      if (subject === null) return null;
      return args[1] && (args[1] as { value: string }).value === 'bytes' ? Buffer.byteLength(subject) : [...subject].length;
    }
    case 'TO_LOWER':
      return text(args[0])?.toLowerCase() ?? null;
    case 'TO_UPPER':
      return text(args[0])?.toUpperCase() ?? null;
    case 'UNIX_TIMESTAMP': {
      const subject = text(args[0]);
      if (subject === null || !RFC3339.test(subject) || subject < '1970') return null;
      const fraction = /\.[0-9]+/.exec(subject)?.[0];
      return Date.parse(subject.replace(/\.[0-9]+/, '')) / 1000 + (fraction ? Number(fraction) : 0);
    }
    case 'EVENT_TIMESTAMP':
      return event.timeSeconds;
    case 'FORMAT_TIME': {
      const seconds = number(args[1]);
      return seconds === null || seconds < 0 || seconds >= 2 ** 32 ? null : formatTime(String((args[0] as { value: string }).value), Math.floor(seconds));
    }
    default:
      throw new Error(`no reference for ${e.fn}`);
  }
}

/** strftime's directives that FORMAT_TIME takes, in UTC. */
function formatTime(format: string, seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const hour12 = d.getUTCHours() % 12 || 12;
  const dayOfYear = Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  const directives: Record<string, string> = {
    Y: String(d.getUTCFullYear()),
    m: two(d.getUTCMonth() + 1),
    d: two(d.getUTCDate()),
    H: two(d.getUTCHours()),
    M: two(d.getUTCMinutes()),
    S: two(d.getUTCSeconds()),
    y: two(d.getUTCFullYear() % 100),
    j: String(dayOfYear).padStart(3, '0'),
    p: d.getUTCHours() < 12 ? 'AM' : 'PM',
    I: two(hour12),
    w: String(d.getUTCDay()),
    '%': '%',
  };
  return format.replace(/%(.)/g, (_, c: string) => directives[c]);
}
