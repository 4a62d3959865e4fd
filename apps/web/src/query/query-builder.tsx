// The query builder: dataset, time, and the clauses of a QuerySpec, each edited as text
// with suggestions from the dataset's columns. Edits change a draft; running the draft
// makes it the URL (and so a permalink).
import { useState } from 'react';
import { topValues } from '../api/client.ts';
import type { ColumnSummary, DatasetSummary, QuerySpec } from '../api/query-spec.ts';
import { useAsync } from '../ui/use-async.ts';
import { ALL_DATASETS } from '../api/query-spec.ts';
import { ClauseEditor } from './clause-editor.tsx';
import {
  breakdownSuggestions,
  calculationSuggestions,
  columnSuggestions,
  filterColumnTyping,
  filterSuggestions,
  havingSuggestions,
  orderSuggestions,
} from './clause-suggestions.ts';
import {
  formatCalculation,
  formatFilter,
  formatHaving,
  formatOrder,
  parseCalculation,
  parseFilter,
  parseHaving,
  parseOrder,
  type Parsed,
} from '@flashlight/query/clauses';
import { TimeRangePicker } from './time-range-picker.tsx';
import { PerEntityEditor } from './per-entity-editor.tsx';
import { perColumns } from './per-columns.ts';
import type { QueryState } from './url-state.ts';

interface Props {
  draft: QueryState;
  onChange: (draft: QueryState) => void;
  onRun: () => void;
  datasets: DatasetSummary[];
  columns: ColumnSummary[];
  running: boolean;
}

type ListKey = 'calculations' | 'filters' | 'breakdowns' | 'orders' | 'havings';

/** The level the toggle asks for; the API takes any in (0, 1). */
const DEFAULT_CONFIDENCE = 0.95;

export function QueryBuilder({ draft, onChange, onRun, datasets, columns, running }: Props) {
  const { query } = draft;
  const setQuery = (next: QuerySpec) => onChange({ ...draft, query: next });
  // With a per block the other clauses read its rows, not the events.
  const { per, ...withoutPer } = query;
  const rowColumns = per ? perColumns(per, columns) : columns;
  const typeOf = (name: string) => rowColumns.find((c) => c.name === name)?.type;

  function list<K extends ListKey>(key: K): NonNullable<QuerySpec[K]> {
    return (query[key] ?? []) as NonNullable<QuerySpec[K]>;
  }

  function adder<K extends ListKey>(key: K, parse: (text: string) => Parsed<NonNullable<QuerySpec[K]>[number]>) {
    return (text: string): string | null => {
      const parsed = parse(text);
      if (!parsed.ok) return parsed.error;
      setQuery({ ...query, [key]: [...list(key), parsed.value] });
      return null;
    };
  }

  function remover(key: ListKey) {
    return (index: number) => {
      const next = list(key).filter((_, i) => i !== index);
      const { [key]: _removed, ...rest } = query;
      setQuery(next.length > 0 ? { ...rest, [key]: next } : rest);
    };
  }

  const combination = query.filter_combination ?? 'AND';
  const [whereTyped, setWhereTyped] = useState('');
  const valueColumn = filterColumnTyping(whereTyped);
  const knownValueColumn = valueColumn !== null && !per && columns.some((c) => c.name === valueColumn) ? valueColumn : null;
  const values = useAsync(
    (signal) => (knownValueColumn ? topValues(draft.dataset, knownValueColumn, query, signal) : Promise.resolve([])),
    [draft.dataset, knownValueColumn, query.time_range, query.start_time, query.end_time],
  );

  return (
    <form
      className="builder"
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <div className="builder-top">
        <label className="field">
          <span>Dataset</span>
          <select aria-label="Dataset" value={draft.dataset} onChange={(e) => onChange({ ...draft, dataset: e.target.value })}>
            <option value={ALL_DATASETS}>All datasets</option>
            {datasets.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <TimeRangePicker query={query} onChange={setQuery} />
        <span className="spacer" />
        <button type="submit" className="primary" disabled={running} title="Run query (Ctrl+Enter)">
          {running ? 'Running…' : 'Run query'}
        </button>
      </div>
      <div className="clauses">
        <PerEntityEditor per={per} onChange={(next) => setQuery(next ? { ...query, per: next } : withoutPer)} columns={columns} />
        <ClauseEditor
          label="VISUALIZE"
          chips={list('calculations').map(formatCalculation)}
          onAdd={adder('calculations', parseCalculation)}
          onRemove={remover('calculations')}
          suggest={(t) => calculationSuggestions(t, rowColumns)}
          placeholder="COUNT, P99(duration_ms), HEATMAP(duration_ms)"
        />
        <ClauseEditor
          label="WHERE"
          chips={list('filters').map(formatFilter)}
          onAdd={adder('filters', (t) => parseFilter(t, typeOf))}
          onRemove={remover('filters')}
          suggest={(t) => filterSuggestions(t, rowColumns, values.data ?? [])}
          onTyping={setWhereTyped}
          placeholder="http.status_code >= 500"
        >
          {list('filters').length > 1 && (
            <button
              type="button"
              className="combination"
              title="Match all filters (AND) or any (OR)"
              onClick={() => setQuery({ ...query, filter_combination: combination === 'AND' ? 'OR' : 'AND' })}
            >
              {combination === 'AND' ? 'all (AND)' : 'any (OR)'}
            </button>
          )}
        </ClauseEditor>
        <ClauseEditor
          label="GROUP BY"
          chips={list('breakdowns')}
          onAdd={adder('breakdowns', (t) => (t.trim() ? { ok: true, value: t.trim() } : { ok: false, error: 'expected a column name' }))}
          onRemove={remover('breakdowns')}
          suggest={(t) => (per ? columnSuggestions(t, rowColumns) : breakdownSuggestions(t, columns))}
          placeholder="service.name"
        />
        <ClauseEditor
          label="ORDER BY"
          chips={list('orders').map(formatOrder)}
          onAdd={adder('orders', parseOrder)}
          onRemove={remover('orders')}
          suggest={(t) => orderSuggestions(t, query)}
          placeholder="COUNT desc"
        />
        <ClauseEditor
          label="HAVING"
          chips={list('havings').map(formatHaving)}
          onAdd={adder('havings', parseHaving)}
          onRemove={remover('havings')}
          suggest={(t) => havingSuggestions(t, query)}
          placeholder="COUNT > 10"
        />
        <div className="clause">
          <span className="clause-label">LIMIT</span>
          <div className="clause-body">
            <input
              type="number"
              min={1}
              max={1000}
              aria-label="LIMIT input"
              className="limit-input"
              placeholder="100"
              value={query.limit ?? ''}
              onChange={(e) => {
                const { limit: _l, ...rest } = query;
                const value = Number(e.target.value);
                setQuery(e.target.value && value > 0 ? { ...rest, limit: Math.floor(value) } : rest);
              }}
            />
          </div>
        </div>
        <div className="clause">
          <span className="clause-label">CONFIDENCE</span>
          <div className="clause-body">
            <label className="confidence-toggle" title="Error bars from the sample rates: a band on charts, ± in the table, small groups marked">
              <input
                type="checkbox"
                aria-label="Confidence intervals"
                checked={query.confidence !== undefined}
                onChange={(e) => {
                  const { confidence: _c, ...rest } = query;
                  setQuery(e.target.checked ? { ...rest, confidence: DEFAULT_CONFIDENCE } : rest);
                }}
              />
              95% intervals
            </label>
          </div>
        </div>
      </div>
    </form>
  );
}
