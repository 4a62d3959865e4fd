// A board panel's query in words, both ways: typed as the query builder's clauses
// (`COUNT, P99(duration_ms)` · `error = true AND region = eu` · `http.route, app.team`), and
// shown on the panel as one line (`COUNT, P99(duration_ms) where error = true by http.route`).
import type { Calculation, QuerySpec } from '../api/query-spec.ts';
import { formatCalculation, parseCalculation, type Parsed } from '@flashlight/query/clauses';
import { formatFilters, parseFilters } from '../query/filters-text.ts';

const list = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function panelQueryOf(fields: { calculations: string; where: string; groupBy: string }): Parsed<QuerySpec> {
  const calculations: Calculation[] = [];
  for (const text of list(fields.calculations)) {
    const parsed = parseCalculation(text);
    if (!parsed.ok) return parsed;
    calculations.push(parsed.value);
  }
  const filters = parseFilters(fields.where);
  if (!filters.ok) return filters;
  const breakdowns = list(fields.groupBy);
  return {
    ok: true,
    value: {
      calculations: calculations.length > 0 ? calculations : [{ op: 'COUNT' }],
      ...(filters.value.length > 0 ? { filters: filters.value } : {}),
      ...(breakdowns.length > 0 ? { breakdowns } : {}),
    },
  };
}

export function panelQueryText(query: QuerySpec): string {
  const calculations = (query.calculations?.length ? query.calculations : [{ op: 'COUNT' as const }]).map(formatCalculation).join(', ');
  const where = query.filters?.length ? ` where ${formatFilters(query.filters)}` : '';
  const by = query.breakdowns?.length ? ` by ${query.breakdowns.join(', ')}` : '';
  return calculations + where + by;
}
