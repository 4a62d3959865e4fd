// Filters typed as one line of clauses joined by AND (`duration_ms < 300 AND error = false`),
// as the alert forms and board filters read and show them. An AND inside quotes is part of a value.
import type { Filter } from '../api/query-spec.ts';
import { formatFilter, parseFilter, type Parsed } from '@flashlight/query/clauses';

function splitAtAnd(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/"(?:[^"\\]|\\.)*"|\s+AND\s+/gi)) {
    if (match[0].startsWith('"')) continue;
    parts.push(text.slice(start, match.index));
    start = match.index + match[0].length;
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

export function parseFilters(text: string): Parsed<Filter[]> {
  const value: Filter[] = [];
  for (const part of splitAtAnd(text)) {
    const parsed = parseFilter(part, () => undefined);
    if (!parsed.ok) return parsed;
    value.push(parsed.value);
  }
  return { ok: true, value };
}

export function formatFilters(filters: readonly Filter[]): string {
  return filters.map(formatFilter).join(' AND ');
}
