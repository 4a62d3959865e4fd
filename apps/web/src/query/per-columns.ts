// The columns a query with a per block reads after it: the block's breakdowns (typed as
// the dataset's columns) and its named calculations (numbers); and what the builder offers
// while a block is typed in the PER grammar.
import type { ColumnSummary, QuerySpec } from '../api/query-spec.ts';
import type { Suggestion } from '../ui/autocomplete-input.tsx';
import { calculationSuggestions, columnSuggestions } from './clause-suggestions.ts';

type Per = NonNullable<QuerySpec['per']>;

export function perColumns(per: Per, columns: readonly ColumnSummary[]): ColumnSummary[] {
  const column = (name: string, type: ColumnSummary['type']): ColumnSummary => ({ name, type, firstSeen: '', lastSeen: '' });
  return [
    ...per.breakdowns.map((name) => column(name, columns.find((c) => c.name === name)?.type ?? 'string')),
    ...(per.calculations ?? []).map((c) => column(c.name, c.op === 'COUNT' || c.op === 'COUNT_DISTINCT' ? 'integer' : 'float')),
  ];
}

/** Columns while the breakdowns are typed, calculations after the colon: for the part after the last separator. */
export function perSuggestions(typed: string, columns: readonly ColumnSummary[]): Suggestion[] {
  const cut = Math.max(typed.lastIndexOf(','), typed.lastIndexOf(':')) + 1;
  const [head, part] = [typed.slice(0, cut), typed.slice(cut).trimStart()];
  const joined = (text: string) => (head === '' ? text : `${head} ${text}`);
  const offered = typed.includes(':') ? calculationSuggestions(part, columns) : columnSuggestions(part.replace(/^per\s+/i, ''), columns, false);
  return offered.map((s) => ({ ...s, text: joined(s.text), label: s.label ?? s.text, complete: false }));
}
