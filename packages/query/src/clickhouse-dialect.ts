// ClickHouse: no server-side parameters in the versions we support (18.16 onwards), so
// every value enters the SQL as a literal made by the one escaping function below.
// Event time is an Int64 of microseconds (`ts`); booleans are UInt8 0/1.
import type { Dialect } from './dialect.ts';
import { ClickHousePrinter } from './sql/clickhouse-printer.ts';

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as UTF-8 can carry it: a lone UTF-16 surrogate becomes U+FFFD. */
export function wellFormedText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * The one way a string enters ClickHouse SQL: a single-quoted literal in which
 * backslash, quote and every control character are escaped, and a lone UTF-16
 * surrogate (which no UTF-8 text can hold) becomes U+FFFD, as it would on the wire.
 *
 * @example clickHouseStringLiteral("it's\n") // → 'it\'s\n'
 */
export function clickHouseStringLiteral(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  const escaped = wellFormedText(text).replace(/[\\'\u0000-\u001f\u007f]/g, (c) => {
    return NAMED_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `'${escaped}'`;
}

/** Smallest positive normal double; ClickHouse's parser cannot read smaller literals. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * A number as ClickHouse reads it back exactly: decimal text for normal values, the
 * IEEE bits for subnormals, and `nan` / `inf` for the rest.
 */
export function clickHouseNumberLiteral(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value !== 0 && Math.abs(value) < MIN_NORMAL) {
    const bytes = new Uint8Array(new Float64Array([value]).buffer);
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `reinterpretAsFloat64(unhex('${hex}'))`;
  }
  return Object.is(value, -0) ? '-0.' : String(value);
}

/**
 * quantileExactWeighted takes whole weights, so sample rates are multiplied by 2^20 and
 * rounded: exact for whole (and binary-fraction) rates, since scaling by a power of two
 * changes no rounding; any other rate is kept to 2^-20 (about one part in a million of
 * a rate of 1). Total weights of up to about 1.7e13 sampled events fit its UInt64 sums.
 */
export const WEIGHT_SCALE = 1048576;

export const clickHouseDialect: Dialect = Object.freeze({
  name: 'clickhouse' as const,
  printer: (params?: unknown[]) => new ClickHousePrinter(params),
  inlineValues: true,
});
