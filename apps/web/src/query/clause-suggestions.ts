// What the builder offers as the user types each clause: operators, then columns (with
// their types) that match what is typed so far, prefix matches first.
import type { ColumnSummary, FieldValue, QuerySpec } from '../api/query-spec.ts';
import type { Suggestion } from '../ui/autocomplete-input.tsx';
import { CALCULATION_OPS, FILTER_OPS, GROUPABLE_RELATIONS, calculationOp, formatCalculation, formatValue, isColumnlessOp } from '@flashlight/query/clauses';
import { relationalColumns, relationSuggestions } from './relational-columns.ts';
import { columnDetail } from '../derived/expression-completions.ts';

const NUMERIC_TYPES = new Set(['integer', 'float']);

const OP_HINTS: Record<string, string> = {
  COUNT: 'events',
  CONCURRENCY: 'in flight at once',
  COUNT_DISTINCT: 'distinct values',
  HEATMAP: 'distribution over time',
  SUM: 'total',
  AVG: 'mean',
  MIN: 'smallest',
  MAX: 'largest',
  RATE_AVG: 'change per second',
  RATE_SUM: 'change per second',
  RATE_MAX: 'change per second',
};

function matching(columns: readonly ColumnSummary[], typed: string): ColumnSummary[] {
  const needle = typed.toLowerCase();
  const hits = columns.filter((c) => c.name.toLowerCase().includes(needle));
  return hits.sort((a, b) => Number(!a.name.toLowerCase().startsWith(needle)) - Number(!b.name.toLowerCase().startsWith(needle)));
}

export function columnSuggestions(typed: string, columns: readonly ColumnSummary[], complete = true): Suggestion[] {
  return matching(columns, typed.trim()).map((c) => ({ text: c.name, detail: columnDetail(c), complete }));
}

/** Columns to group by, `root.` and `parent.` ones among them (relational-columns.ts). */
export function breakdownSuggestions(typed: string, columns: readonly ColumnSummary[]): Suggestion[] {
  const needle = typed.trim();
  return [...columnSuggestions(needle, relationalColumns(columns, needle, GROUPABLE_RELATIONS)), ...relationSuggestions(needle, GROUPABLE_RELATIONS)];
}

export function calculationSuggestions(typed: string, columns: readonly ColumnSummary[]): Suggestion[] {
  const open = /^\s*([A-Za-z_0-9]+)\((.*)$/.exec(typed);
  const op = open && calculationOp(open[1]);
  if (open && op) {
    // Every op but COUNT_DISTINCT needs numbers; offer numeric columns first for those.
    const wanted = matching(columns, open[2].replace(/\)$/, ''));
    const ordered =
      op === 'COUNT_DISTINCT' ? wanted : [...wanted.filter((c) => NUMERIC_TYPES.has(c.type)), ...wanted.filter((c) => !NUMERIC_TYPES.has(c.type))];
    return ordered.map((c) => ({ text: formatCalculation({ op, column: c.name }), detail: columnDetail(c), complete: true }));
  }
  const needle = typed.trim().toUpperCase();
  return CALCULATION_OPS.filter((op) => op.startsWith(needle)).map((op) =>
    isColumnlessOp(op)
      ? { text: op, detail: OP_HINTS[op], complete: true }
      : { text: `${op}(`, label: `${op}(column)`, detail: OP_HINTS[op] ?? (op.startsWith('P') ? 'percentile' : undefined) },
  );
}

const VALUE_OPS = ['=', '!=', 'starts-with', 'does-not-start-with', 'ends-with', 'does-not-end-with', 'contains', 'does-not-contain', 'in', 'not-in'];
const TYPING_VALUE = new RegExp(`^(\\S+)\\s+(${VALUE_OPS.join('|')})\\s+(.*)$`);

/** The column whose value is being typed in a filter (`http.route = /ap`), if any. */
export function filterColumnTyping(typed: string): string | null {
  return TYPING_VALUE.exec(typed)?.[1] ?? null;
}

export function filterSuggestions(typed: string, columns: readonly ColumnSummary[], values: readonly FieldValue[] = []): Suggestion[] {
  const typingValue = TYPING_VALUE.exec(typed);
  if (typingValue) {
    const [, column, op, partial] = typingValue;
    const needle = partial.replace(/^"/, '').toLowerCase();
    return values
      .filter((v) => String(v).toLowerCase().includes(needle))
      .map((v) => ({ text: `${column} ${op} ${formatValue(v)}`, label: String(v), complete: true }));
  }
  const afterColumn = /^(\S+)\s+(\S*)$/.exec(typed);
  if (afterColumn) {
    const [, column, opTyped] = afterColumn;
    return FILTER_OPS.filter((op) => op.startsWith(opTyped)).map((op) => ({
      text: `${column} ${op}${op === 'exists' || op === 'does-not-exist' ? '' : ' '}`,
      label: op,
      complete: op === 'exists' || op === 'does-not-exist',
    }));
  }
  if (/\s/.test(typed.trim())) return [];
  const needle = typed.trim();
  return [
    ...matching(relationalColumns(columns, needle), needle).map((c) => ({ text: `${c.name} `, label: c.name, detail: columnDetail(c) })),
    ...relationSuggestions(needle),
  ];
}

/** Orders over what the query computes: its calculations and its group-by columns. */
export function orderSuggestions(typed: string, query: QuerySpec): Suggestion[] {
  const targets = [...(query.calculations ?? []).filter((c) => c.op !== 'HEATMAP').map(formatCalculation), ...(query.breakdowns ?? [])];
  const needle = typed.trim().toLowerCase();
  return targets
    .flatMap((t) => [`${t} desc`, `${t} asc`])
    .filter((t) => t.toLowerCase().includes(needle))
    .map((text) => ({ text, complete: true }));
}

export function havingSuggestions(typed: string, query: QuerySpec): Suggestion[] {
  const needle = typed.trim().toLowerCase();
  return (query.calculations ?? [])
    .filter((c) => c.op !== 'HEATMAP')
    .map(formatCalculation)
    .filter((t) => t.toLowerCase().startsWith(needle) && t.toLowerCase() !== needle)
    .map((t) => ({ text: `${t} > `, label: t }));
}
