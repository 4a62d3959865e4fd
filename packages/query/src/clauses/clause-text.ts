// The text form of each query clause, as typed in the UI's builder and on the CLI's flags
// and shown on the UI's chips: `P99(duration_ms)`, `http.status_code >= 500`,
// `COUNT desc`, `COUNT > 10`. Parsing returns the clause or a message that says what was
// expected; formatting gives text that parses back to the same clause.
import type { Calculation, Filter, Having, QuerySpecInput } from '../query-spec.ts';
import type { FieldType } from '../dataset-schema.ts';
import {
  CALCULATION_OPS,
  COLUMNLESS_OPS,
  FILTER_OPS,
  HAVING_OPS,
  LIST_FILTER_OPS,
  VALUELESS_FILTER_OPS,
  type CalculationOp,
  type FilterOp,
  type HavingOp,
} from './clause-ops.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
export type ClauseValue = string | number | boolean;
export type CalculationClause = Calculation;
export type FilterClause = Filter;
export type HavingClause = Having;
/** An order as written: without a direction, the spec's default applies. */
export type OrderClause = NonNullable<QuerySpecInput['orders']>[number];

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** The operator named by `text` (any case), if there is one. */
export function calculationOp(text: string): CalculationOp | undefined {
  return CALCULATION_OPS.find((op) => op === text.toUpperCase());
}

export function isColumnlessOp(op: string): boolean {
  return COLUMNLESS_OPS.has(op as CalculationOp);
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
  if (!op) return fail(`unknown calculation "${match[1]}"; expected one of ${CALCULATION_OPS.join(', ')}`);
  if (isColumnlessOp(op)) return column ? fail(`${op} takes no column`) : ok({ op });
  if (!column) return fail(`${op} needs a column, e.g. ${op}(duration_ms)`);
  return ok({ op, column });
}

/** A value as typed in a filter: bare where that reads back the same, quoted otherwise. */
export function formatValue(value: ClauseValue): string {
  if (typeof value !== 'string') return String(value);
  // Quote strings that would otherwise read as another type or hold separators.
  const plain = /^[^\s",']+$/.test(value) && !/^(true|false)$/.test(value) && !Number.isFinite(Number(value));
  return plain ? value : JSON.stringify(value);
}

/**
 * A typed value from text: quoted text (double quotes as JSON, or single quotes as typed
 * in a shell) is always a string; bare text follows the column's type, or reads as a
 * number or boolean when it looks like one and the type is unknown.
 */
export function parseValue(text: string, type: FieldType | undefined): Parsed<ClauseValue> {
  const trimmed = text.trim();
  if (/^".*"$/.test(trimmed)) {
    try {
      return ok(JSON.parse(trimmed) as string);
    } catch {
      return fail(`bad quoted value ${trimmed}`);
    }
  }
  if (/^'.*'$/.test(trimmed)) return ok(trimmed.slice(1, -1));
  if (type === 'string') return ok(trimmed);
  if (type === 'boolean') {
    if (trimmed === 'true' || trimmed === 'false') return ok(trimmed === 'true');
    return fail(`expected true or false; got "${trimmed}"`);
  }
  const number = Number(trimmed);
  const numeric = trimmed !== '' && Number.isFinite(number);
  if (type === 'integer' || type === 'float') return numeric ? ok(number) : fail(`expected a number; got "${trimmed}"`);
  if (numeric) return ok(number);
  if (trimmed === 'true' || trimmed === 'false') return ok(trimmed === 'true');
  return ok(trimmed);
}

export function formatFilter(filter: Filter): string {
  if (VALUELESS_FILTER_OPS.has(filter.op)) return `${filter.column} ${filter.op}`;
  const value = Array.isArray(filter.value) ? filter.value.map(formatValue).join(', ') : filter.value === undefined ? '' : formatValue(filter.value);
  return `${filter.column} ${filter.op} ${value}`;
}

/** Splits `a, "b, c", d` on commas outside quotes. */
function splitList(text: string): string[] {
  return (text.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^,]+/g) ?? []).map((part) => part.trim()).filter(Boolean);
}

const longestFirst = (ops: readonly string[]) => [...ops].sort((a, b) => b.length - a.length).map((op) => op.replace(/[-=<>!]/g, '\\$&'));
/**
 * `column op value`: the first operator from the left wins (so a value may hold another),
 * the longest at one place (`>=` over `>`). Word operators stand between spaces; symbols
 * may touch the column and the value (`http.status_code>=500`).
 */
const FILTER_TEXT = new RegExp(
  `^\\s*(.+?)(?:\\s+(${longestFirst(FILTER_OPS.filter((op) => /^[a-z-]+$/.test(op))).join('|')})(?:\\s+(.*?))?` +
    `|\\s*(${longestFirst(FILTER_OPS.filter((op) => !/^[a-z-]+$/.test(op))).join('|')})\\s*(.*?))\\s*$`,
);

/** `http.status_code >= 500`, `http.route in /a, /b`, `db.rows exists`; values typed by `columnType`. */
export function parseFilter(text: string, columnType: (column: string) => FieldType | undefined = () => undefined): Parsed<Filter> {
  const match = FILTER_TEXT.exec(text);
  if (!match) return fail(`expected "column op value" or "column exists", e.g. http.status_code >= 500; got "${text}"`);
  const column = match[1].trim();
  const op = (match[2] ?? match[4]) as FilterOp;
  const rest = (match[2] ? match[3] : match[5]) ?? '';
  if (VALUELESS_FILTER_OPS.has(op)) return rest.trim() ? fail(`${op} takes no value`) : ok({ column, op });
  if (!rest.trim()) return fail(`${op} needs a value`);
  const type = columnType(column);
  if (LIST_FILTER_OPS.has(op)) {
    const values: ClauseValue[] = [];
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

export function formatOrder(order: OrderClause): string {
  const target = order.op ? formatCalculation({ op: order.op, column: order.column }) : (order.column ?? '');
  return `${target} ${order.order === 'descending' ? 'desc' : 'asc'}`;
}

/**
 * `P99(duration_ms) desc`, `http.route asc`: by a calculation, else by a breakdown column.
 * Without a direction a calculation sorts biggest first (what "order by COUNT" means to
 * a reader), a column in ascending order.
 */
export function parseOrder(text: string): Parsed<OrderClause & { order: 'ascending' | 'descending' }> {
  const match = /^\s*(.*?)(?:\s+(asc|desc|ascending|descending))?\s*$/i.exec(text)!;
  const target = match[1];
  if (target === '') return fail(`expected "COUNT desc" or "column asc"; got "${text}"`);
  const direction = match[2]?.toLowerCase();
  const calc = parseCalculation(target);
  if (calc.ok) return ok({ ...calc.value, order: direction?.startsWith('asc') ? 'ascending' : 'descending' });
  return ok({ column: target, order: direction?.startsWith('desc') ? 'descending' : 'ascending' });
}

export function formatHaving(having: Having): string {
  return `${formatCalculation({ op: having.calculate_op, column: having.column })} ${having.op} ${having.value}`;
}

const HAVING_TEXT = new RegExp(`^\\s*(.+?)\\s*(${longestFirst(HAVING_OPS).join('|')})\\s*(\\S+)\\s*$`);

/** `COUNT > 100`, `P99(duration_ms) >= 250`. */
export function parseHaving(text: string): Parsed<Having> {
  const match = HAVING_TEXT.exec(text);
  if (!match) return fail(`expected "CALCULATION op number", e.g. COUNT > 10; got "${text}"`);
  const calc = parseCalculation(match[1]);
  if (!calc.ok) return calc;
  const value = Number(match[3]);
  if (!Number.isFinite(value)) return fail(`expected a number; got "${match[3]}"`);
  const { op: calculate_op, column } = calc.value;
  return ok({ calculate_op, ...(column === undefined ? {} : { column }), op: match[2] as HavingOp, value });
}
