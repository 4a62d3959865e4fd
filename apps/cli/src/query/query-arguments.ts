// Turns the query command's flags into a QuerySpec: `--calc 'P99(duration_ms)'`,
// `--where 'http.status_code >= 500'`, `--by http.route`, `--order 'COUNT desc'`,
// `--having 'COUNT > 100'`, `--last 1h`, `--per 'session.id: COUNT AS calls'` with
// `--per-where 'error = true'`. Anything the flags cannot say goes in a spec
// file; the flags add to it.
import type { QuerySpecInput } from '@flashlight/query';
import {
  parseCalculation as parseCalculationText,
  parseFilter as parseFilterText,
  parseHaving as parseHavingText,
  parseOrder as parseOrderText,
  parsePer as parsePerText,
  type Parsed,
} from '@flashlight/query/clauses';

export class QueryArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryArgumentError';
  }
}

/** The clause a flag's text names, or a QueryArgumentError naming the flag and what the grammar expected. */
function clause<T>(flag: string, text: string, parsed: Parsed<T>): T {
  if (!parsed.ok) throw new QueryArgumentError(`${flag} ${JSON.stringify(text)}: ${parsed.error}`);
  return parsed.value;
}

/** `COUNT`, `p99(duration_ms)` → `{ op: 'P99', column: 'duration_ms' }`. */
export const parseCalculation = (text: string) => clause('--calc', text, parseCalculationText(text));
/** `http.status_code >= 500`, `http.route in /a,/b`, `db.rows exists`. */
export const parseFilter = (text: string) => clause('--where', text, parseFilterText(text));
/** `'P99(duration_ms) desc'`, `'COUNT'`, `'http.route asc'`: by a calculation, else by a breakdown. */
export const parseOrder = (text: string) => clause('--order', text, parseOrderText(text));
/** `'COUNT > 100'`, `'P99(duration_ms) >= 250'`. */
export const parseHaving = (text: string) => clause('--having', text, parseHavingText(text));

/** `'session.id, app.version: COUNT AS calls, P50(duration_ms) AS p50'` (a leading PER may be typed). */
export const parsePer = (text: string) => clause('--per', text, parsePerText(text));

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
  per?: string;
  perWhere?: string[];
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
  if (flags.per !== undefined) spec.per = { ...base.per, ...parsePer(flags.per) };
  if (flags.perWhere?.length) {
    if (!spec.per) throw new QueryArgumentError('--per-where filters the events of a per block: give one with --per (or in --spec)');
    spec.per = { ...spec.per, filters: [...(spec.per.filters ?? []), ...flags.perWhere.map((text) => clause('--per-where', text, parseFilterText(text)))] };
  }
  return spec;
}
