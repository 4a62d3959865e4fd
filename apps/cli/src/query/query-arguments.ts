// Turns the query command's flags into a QuerySpec: `--calc 'P99(duration_ms)'`,
// `--where 'http.status_code >= 500'`, `--by http.route`, `--order 'COUNT desc'`,
// `--having 'COUNT > 100'`, `--last 1h`. Anything the flags cannot say goes in a spec
// file; the flags add to it.
import { CALCULATION_OPS, HAVING_OPS, type QuerySpecInput } from '@flashlight/query';

export class QueryArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryArgumentError';
  }
}

type Calculation = NonNullable<QuerySpecInput['calculations']>[number];
type Filter = NonNullable<QuerySpecInput['filters']>[number];
type Order = NonNullable<QuerySpecInput['orders']>[number];
type Having = NonNullable<QuerySpecInput['havings']>[number];
type FilterValue = string | number | boolean;

const CALCULATION_TEXT = /^\s*([A-Za-z0-9_]+)\s*(?:\(\s*(.+?)\s*\))?\s*$/;

function calculationOf(match: RegExpExecArray): Calculation {
  const op = match[1].toUpperCase() as Calculation['op'];
  return match[2] === undefined ? { op } : { op, column: match[2] };
}

/** `COUNT`, `p99(duration_ms)` → `{ op: 'P99', column: 'duration_ms' }`; the server checks the op. */
export function parseCalculation(text: string): Calculation {
  const match = CALCULATION_TEXT.exec(text);
  if (!match) throw new QueryArgumentError(`--calc ${JSON.stringify(text)}: expected OP or OP(column), e.g. COUNT or P99(duration_ms)`);
  return calculationOf(match);
}

/** A calculation when the text names one (`COUNT`, `P99(duration_ms)`), else undefined. */
function asCalculation(text: string): Calculation | undefined {
  const match = CALCULATION_TEXT.exec(text);
  return match && (CALCULATION_OPS as readonly string[]).includes(match[1].toUpperCase()) ? calculationOf(match) : undefined;
}

/** `'P99(duration_ms) desc'`, `'COUNT'`, `'http.route asc'`: by a calculation, else by a breakdown. */
export function parseOrder(text: string): Order {
  const match = /^(.*?)(?:\s+(asc|ascending|desc|descending))?\s*$/i.exec(text)!;
  const order = match[2]?.toLowerCase().startsWith('desc') ? 'descending' : 'ascending';
  const calculation = asCalculation(match[1]);
  if (calculation) return { ...calculation, order };
  if (match[1].trim() === '') throw new QueryArgumentError(`--order ${JSON.stringify(text)}: expected a calculation or a breakdown, then asc or desc`);
  return { column: match[1].trim(), order };
}

/** `'COUNT > 100'`, `'P99(duration_ms) >= 250'`. */
export function parseHaving(text: string): Having {
  const match = /^(.+?)\s*(!=|>=|<=|=|>|<)\s*(-?[\d.]+(?:e[+-]?\d+)?)\s*$/i.exec(text);
  const calculation = match ? asCalculation(match[1]) : undefined;
  if (!match || !calculation || !Number.isFinite(Number(match[3]))) {
    throw new QueryArgumentError(`--having ${JSON.stringify(text)}: expected "CALCULATION OP NUMBER" (OP one of ${HAVING_OPS.join(' ')}), e.g. "COUNT > 100"`);
  }
  const { op: calculate_op, column } = calculation;
  return { calculate_op, ...(column === undefined ? {} : { column }), op: match[2] as Having['op'], value: Number(match[3]) };
}

// Longest first, so `>=` is not read as `>` and `does-not-contain` not as `contains`.
const VALUE_OPS = [
  'does-not-start-with',
  'does-not-end-with',
  'does-not-contain',
  'starts-with',
  'ends-with',
  'contains',
  'not-in',
  'in',
  '!=',
  '>=',
  '<=',
  '=',
  '>',
  '<',
] as const;
const PRESENCE_OPS = ['does-not-exist', 'exists'] as const;

/** A value as typed: a number or boolean when it reads as one, quotes force a string. */
function parseValue(text: string): FilterValue {
  const trimmed = text.trim();
  if (/^".*"$/.test(trimmed) || /^'.*'$/.test(trimmed)) return trimmed.slice(1, -1);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return trimmed;
}

/** `http.status_code >= 500`, `http.route in /a,/b`, `db.rows exists`. */
export function parseFilter(text: string): Filter {
  for (const op of PRESENCE_OPS) {
    const match = new RegExp(`^\\s*(.+?)\\s+${op}\\s*$`).exec(text);
    if (match) return { column: match[1], op };
  }
  for (const op of VALUE_OPS) {
    const symbol = /^[a-z-]+$/.test(op);
    const pattern = symbol ? `^\\s*(.+?)\\s+${op}\\s+(.*)$` : `^\\s*(.+?)\\s*${op.replace(/[<>=!]/g, (c) => `\\${c}`)}\\s*(.*)$`;
    const match = new RegExp(pattern).exec(text);
    if (!match || match[2] === '') continue;
    const [, column, raw] = match;
    if (op === 'in' || op === 'not-in') return { column, op, value: raw.split(',').map(parseValue) };
    return { column, op, value: parseValue(raw) };
  }
  throw new QueryArgumentError(
    `--where ${JSON.stringify(text)}: expected "COLUMN OP VALUE" (OP one of ${VALUE_OPS.join(' ')}) or "COLUMN exists" / "COLUMN does-not-exist"`,
  );
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `90s`, `15m`, `1h`, `7d`, `2w` → seconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+)\s*([smhdw])\s*$/.exec(text);
  if (!match || Number(match[1]) === 0) throw new QueryArgumentError(`--last ${JSON.stringify(text)}: expected a duration like 90s, 15m, 1h, 7d or 2w`);
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

export interface QueryFlags {
  calc?: string[];
  where?: string[];
  by?: string[];
  order?: string[];
  having?: string[];
  last?: string;
  granularity?: number;
  limit?: number;
  any?: boolean;
}

/** The spec file's content with the flags added: the list flags append to its lists. */
export function buildQuerySpec(flags: QueryFlags, base: QuerySpecInput = {}): QuerySpecInput {
  const spec: QuerySpecInput = { ...base };
  if (flags.calc?.length) spec.calculations = [...(base.calculations ?? []), ...flags.calc.map(parseCalculation)];
  if (flags.where?.length) spec.filters = [...(base.filters ?? []), ...flags.where.map(parseFilter)];
  if (flags.by?.length) spec.breakdowns = [...(base.breakdowns ?? []), ...flags.by];
  if (flags.order?.length) spec.orders = [...(base.orders ?? []), ...flags.order.map(parseOrder)];
  if (flags.having?.length) spec.havings = [...(base.havings ?? []), ...flags.having.map(parseHaving)];
  if (flags.granularity !== undefined) spec.granularity = flags.granularity;
  if (flags.any) spec.filter_combination = 'OR';
  if (flags.last !== undefined) {
    spec.time_range = parseDuration(flags.last);
    delete spec.start_time;
    delete spec.end_time;
  }
  if (flags.limit !== undefined) spec.limit = flags.limit;
  return spec;
}
