// The text form of each query clause, as typed in the builder and shown on its chips:
// `P99(duration_ms)`, `http.status_code >= 500`, `COUNT desc`, `COUNT > 10`. Parsing
// returns the clause or a message that says what was expected.
import type { Calculation, CalculationOp, FieldType, FieldValue, Filter, FilterOp, Having, Order } from '../api/query-spec.ts';

// The operator lists mirror @flashlight/query's: importing its values would bring zod
// into the bundle, and the types below keep the two lists in step.
export const CALCULATION_OPS: readonly CalculationOp[] = [
  'COUNT',
  'CONCURRENCY',
  'SUM',
  'AVG',
  'MIN',
  'MAX',
  'COUNT_DISTINCT',
  'HEATMAP',
  'P001',
  'P01',
  'P05',
  'P10',
  'P20',
  'P25',
  'P50',
  'P75',
  'P80',
  'P90',
  'P95',
  'P99',
  'P999',
  'RATE_AVG',
  'RATE_SUM',
  'RATE_MAX',
];

/** The operator named by `text` (any case), if there is one. */
export function calculationOp(text: string): CalculationOp | undefined {
  return CALCULATION_OPS.find((op) => op === text.toUpperCase());
}

/** Calculations that count events and take no column. */
const COLUMNLESS_OPS = new Set(['COUNT', 'CONCURRENCY']);

export const FILTER_OPS: readonly FilterOp[] = [
  '=',
  '!=',
  '>=',
  '<=',
  '>',
  '<',
  'starts-with',
  'does-not-start-with',
  'ends-with',
  'does-not-end-with',
  'contains',
  'does-not-contain',
  'exists',
  'does-not-exist',
  'in',
  'not-in',
];

const VALUELESS_FILTER_OPS = new Set<FilterOp>(['exists', 'does-not-exist']);
const LIST_FILTER_OPS = new Set<FilterOp>(['in', 'not-in']);
type ComparisonOp = '=' | '!=' | '>=' | '<=' | '>' | '<';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

export function isColumnlessOp(op: string): boolean {
  return COLUMNLESS_OPS.has(op);
}

/** `COUNT`, `P99(duration_ms)`: also the key the query API uses for the calculation's value. */
export function formatCalculation(calc: Calculation): string {
  return calc.column === undefined ? calc.op : `${calc.op}(${calc.column})`;
}

export function parseCalculation(text: string): Parsed<Calculation> {
  const match = /^\s*([A-Za-z_0-9]+)\s*(?:\((.*)\))?\s*$/.exec(text);
  if (!match) return fail(`expected OP or OP(column), e.g. COUNT or P99(duration_ms); got "${text}"`);
  const op = calculationOp(match[1]);
  const column = match[2]?.trim();
  if (!op) {
    return fail(`unknown calculation "${match[1]}"; expected one of ${CALCULATION_OPS.join(', ')}`);
  }
  if (isColumnlessOp(op)) {
    return column ? fail(`${op} takes no column`) : ok({ op });
  }
  if (!column) return fail(`${op} needs a column, e.g. ${op}(duration_ms)`);
  return ok({ op, column });
}

/** A value as typed in a filter: bare where that reads back the same, quoted otherwise. */
export function formatValue(value: FieldValue): string {
  if (typeof value !== 'string') return String(value);
  // Quote strings that would otherwise read as another type or hold separators.
  const plain = /^[^\s",]+$/.test(value) && !/^(true|false)$/.test(value) && !Number.isFinite(Number(value));
  return plain ? value : JSON.stringify(value);
}

export function formatFilter(filter: Filter): string {
  if (VALUELESS_FILTER_OPS.has(filter.op)) return `${filter.column} ${filter.op}`;
  const value = Array.isArray(filter.value) ? filter.value.map(formatValue).join(', ') : filter.value === undefined ? '' : formatValue(filter.value);
  return `${filter.column} ${filter.op} ${value}`;
}

/** A typed value from text: quoted text is always a string; bare text follows the column's type. */
export function parseValue(text: string, type: FieldType | undefined): Parsed<FieldValue> {
  const trimmed = text.trim();
  if (/^".*"$/.test(trimmed)) {
    try {
      return ok(JSON.parse(trimmed) as string);
    } catch {
      return fail(`bad quoted value ${trimmed}`);
    }
  }
  if (type === 'string') return ok(trimmed);
  if (type === 'boolean') {
    if (trimmed === 'true' || trimmed === 'false') return ok(trimmed === 'true');
    return fail(`expected true or false; got "${trimmed}"`);
  }
  const number = Number(trimmed);
  const numeric = trimmed !== '' && Number.isFinite(number);
  if (type === 'integer' || type === 'float') {
    return numeric ? ok(number) : fail(`expected a number; got "${trimmed}"`);
  }
  if (numeric) return ok(number);
  if (trimmed === 'true' || trimmed === 'false') return ok(trimmed === 'true');
  return ok(trimmed);
}

/** Splits `a, "b, c", d` on commas outside quotes. */
function splitList(text: string): string[] {
  return (text.match(/"(?:[^"\\]|\\.)*"|[^,]+/g) ?? []).map((part) => part.trim()).filter(Boolean);
}

export function parseFilter(text: string, columnType: (column: string) => FieldType | undefined): Parsed<Filter> {
  // Longest operators first so `>=` wins over `>` and `does-not-exist` over `exists`.
  const ops = [...FILTER_OPS].sort((a, b) => b.length - a.length).map((op) => op.replace(/[-=<>!]/g, '\\$&'));
  const match = new RegExp(`^\\s*(\\S+)\\s+(${ops.join('|')})(?:\\s+(.*))?\\s*$`).exec(text);
  if (!match) return fail(`expected "column op value", e.g. http.status_code >= 500; got "${text}"`);
  const [, column, op, rest = ''] = match as unknown as [string, string, FilterOp, string | undefined];
  if (VALUELESS_FILTER_OPS.has(op)) {
    return rest.trim() ? fail(`${op} takes no value`) : ok({ column, op });
  }
  if (!rest.trim()) return fail(`${op} needs a value`);
  const type = columnType(column);
  if (LIST_FILTER_OPS.has(op)) {
    const values: FieldValue[] = [];
    for (const part of splitList(rest)) {
      const parsed = parseValue(part, type);
      if (!parsed.ok) return parsed;
      values.push(parsed.value);
    }
    return ok({ column, op, value: values });
  }
  const value = parseValue(rest, type);
  return value.ok ? ok({ column, op, value: value.value }) : value;
}

/** The order's target: a calculation (`COUNT`, `P99(duration_ms)`) or a group-by column. */
function orderTarget(order: Order): string {
  return order.op ? formatCalculation({ op: order.op, column: order.column }) : (order.column ?? '');
}

export function formatOrder(order: Order): string {
  return `${orderTarget(order)} ${order.order === 'descending' ? 'desc' : 'asc'}`;
}

export function parseOrder(text: string): Parsed<Order> {
  const match = /^\s*(.+?)(?:\s+(asc|desc|ascending|descending))?\s*$/i.exec(text);
  if (!match) return fail(`expected "COUNT desc" or "column asc"; got "${text}"`);
  const direction = match[2]?.toLowerCase();
  const calc = parseCalculation(match[1]);
  if (calc.ok) {
    const order = direction?.startsWith('asc') ? 'ascending' : 'descending';
    return ok({ ...calc.value, order });
  }
  const order = direction?.startsWith('desc') ? 'descending' : 'ascending';
  return ok({ column: match[1], order });
}

export function formatHaving(having: Having): string {
  return `${formatCalculation({ op: having.calculate_op, column: having.column })} ${having.op} ${having.value}`;
}

export function parseHaving(text: string): Parsed<Having> {
  const match = /^\s*(.+?)\s*(>=|<=|!=|=|>|<)\s*(\S+)\s*$/.exec(text);
  if (!match) return fail(`expected "CALCULATION op number", e.g. COUNT > 10; got "${text}"`);
  const calc = parseCalculation(match[1]);
  if (!calc.ok) return calc;
  const value = Number(match[3]);
  if (!Number.isFinite(value)) return fail(`expected a number; got "${match[3]}"`);
  const op = match[2] as ComparisonOp;
  return ok({ calculate_op: calc.value.op, column: calc.value.column, op, value });
}
