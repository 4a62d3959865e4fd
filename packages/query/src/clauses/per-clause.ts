// The text form of a `per` block (per-entity aggregation), as typed on the CLI's `--per`
// flag and in the UI's builder: `PER session.id, app.version: COUNT AS calls,
// P50(duration_ms) AS p50`. The leading PER is optional; a calculation without `AS name`
// is named by its text (`COUNT`, `P50(duration_ms)`). The block's filters are clauses of
// their own (`--per-where`), in the filter grammar.
import type { PerCalculation } from '../query-spec.ts';
import { formatCalculation, parseCalculation, type Parsed } from './clause-text.ts';

export interface PerClause {
  breakdowns: string[];
  calculations: PerCalculation[];
}

const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** The characters of `text` outside quotes, with their index and parenthesis depth. */
function* unquoted(text: string): Generator<{ c: string; i: number; depth: number }> {
  let [depth, quote] = [0, ''];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      yield { c, i, depth };
    }
  }
}

/** Splits on commas outside quotes and parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const { c, i, depth } of unquoted(text)) {
    if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/** A name as typed: bare, or quoted (double quotes as JSON, single quotes as in a shell). */
function unquote(text: string): Parsed<string> {
  if (/^".*"$/.test(text)) {
    try {
      return { ok: true, value: JSON.parse(text) as string };
    } catch {
      return fail(`bad quoted name ${text}`);
    }
  }
  if (/^'.*'$/.test(text)) return { ok: true, value: text.slice(1, -1) };
  return { ok: true, value: text };
}

/** The index of the colon that ends the breakdowns: the first outside quotes. */
function breakdownsEnd(text: string): number {
  for (const { c, i } of unquoted(text)) if (c === ':') return i;
  return -1;
}

export function parsePer(text: string): Parsed<PerClause> {
  const body = text.replace(/^\s*per\s+/i, '');
  const colon = breakdownsEnd(body);
  const [entity, calculated] = colon < 0 ? [body, ''] : [body.slice(0, colon), body.slice(colon + 1)];
  const breakdowns: string[] = [];
  for (const part of splitTopLevel(entity)) {
    if (part === '') return fail(`expected "PER column, ...: CALCULATION AS name, ...", e.g. PER session.id: COUNT AS calls; got "${text}"`);
    const name = unquote(part);
    if (!name.ok) return name;
    breakdowns.push(name.value);
  }
  const calculations: PerCalculation[] = [];
  if (calculated.trim() !== '') {
    for (const part of splitTopLevel(calculated)) {
      const match = /^(.*?)(?:\s+as\s+(\S.*))?$/i.exec(part)!;
      const calculation = parseCalculation(match[1]);
      if (!calculation.ok) return calculation;
      const name = match[2] === undefined ? { ok: true as const, value: formatCalculation(calculation.value) } : unquote(match[2].trim());
      if (!name.ok) return name;
      calculations.push({ ...calculation.value, name: name.value });
    }
  }
  return { ok: true, value: { breakdowns, calculations } };
}

/** Text that parses back to the same block (its filters aside). */
export function formatPer(per: PerClause): string {
  const name = (text: string) => (/^[^\s,:"'()]+$/.test(text) ? text : JSON.stringify(text));
  const calculations = per.calculations.map((c) => {
    const text = formatCalculation(c);
    return c.name === text ? text : `${text} AS ${name(c.name)}`;
  });
  return `PER ${per.breakdowns.map(name).join(', ')}${calculations.length > 0 ? `: ${calculations.join(', ')}` : ''}`;
}
