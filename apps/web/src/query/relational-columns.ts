// Relational fields in the field picker: typing `any.` (or `root.`, `parent.`, `none.`)
// offers every column under that prefix; typing the start of a prefix offers the prefix.
import type { ColumnSummary } from '../api/query-spec.ts';
import { RELATIONS, type Relation } from '@flashlight/query/clauses';

const HINTS: Record<Relation, string> = {
  root: "the trace's root span",
  parent: "the span's parent",
  any: 'some span of the trace',
  none: 'no span of the trace',
};

/** The columns to match `typed` against: under its prefix when it has one of `relations`, else the columns and the prefixes as entries. */
export function relationalColumns(columns: readonly ColumnSummary[], typed: string, relations: readonly Relation[] = RELATIONS): readonly ColumnSummary[] {
  const prefix = relations.find((relation) => typed.startsWith(`${relation}.`));
  if (prefix) return columns.map((column) => ({ ...column, name: `${prefix}.${column.name}` }));
  return columns;
}

/** The prefixes that start with what is typed, as suggestions that keep the input open. */
export function relationSuggestions(typed: string, relations: readonly Relation[] = RELATIONS): { text: string; detail: string }[] {
  const needle = typed.trim().toLowerCase();
  if (needle === '' || needle.includes('.')) return [];
  return relations.filter((relation) => relation.startsWith(needle)).map((relation) => ({ text: `${relation}.`, detail: HINTS[relation] }));
}
