// The builder's "Per entity" section: a per block (one row per session, user, ...) typed in
// the PER grammar, and filters on the events it reads. With a block, the other clauses
// name its columns (per-columns.ts).
import type { ColumnSummary, QuerySpec } from '../api/query-spec.ts';
import { formatFilter, formatPer, parseFilter, parsePer } from '@flashlight/query/clauses';
import { ClauseEditor } from './clause-editor.tsx';
import { filterSuggestions } from './clause-suggestions.ts';
import { perSuggestions } from './per-columns.ts';

type Per = NonNullable<QuerySpec['per']>;

interface Props {
  per: Per | undefined;
  onChange: (per: Per | undefined) => void;
  columns: ColumnSummary[];
}

export function PerEntityEditor({ per, onChange, columns }: Props) {
  const filters = per?.filters ?? [];
  const typeOf = (name: string) => columns.find((c) => c.name === name)?.type;
  return (
    <div className="per-entity" role="group" aria-label="Per entity">
      <ClauseEditor
        label="PER"
        chips={per ? [formatPer({ breakdowns: per.breakdowns, calculations: per.calculations ?? [] })] : []}
        onAdd={(text) => {
          const parsed = parsePer(text);
          if (!parsed.ok) return parsed.error;
          onChange({ ...per, ...parsed.value });
          return null;
        }}
        onRemove={() => onChange(undefined)}
        suggest={(t) => perSuggestions(t, columns)}
        placeholder="Per entity: session.id: COUNT AS calls, P50(duration_ms) AS p50"
      />
      {per && (
        <ClauseEditor
          label="PER WHERE"
          chips={filters.map(formatFilter)}
          onAdd={(text) => {
            const parsed = parseFilter(text, typeOf);
            if (!parsed.ok) return parsed.error;
            onChange({ ...per, filters: [...filters, parsed.value] });
            return null;
          }}
          onRemove={(index) => onChange({ ...per, filters: filters.filter((_, i) => i !== index) })}
          suggest={(t) => filterSuggestions(t, columns)}
          placeholder="events of the entity: error = true"
        />
      )}
    </div>
  );
}
