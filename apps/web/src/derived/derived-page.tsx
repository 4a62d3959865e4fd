// The derived columns page: a dataset's derived columns (and the ones every dataset has),
// each with the type its expression has today, made, changed and deleted in the editor, and
// one click away from a query that groups by it.
import { useEffect, useState } from 'react';
import { fetchColumns, fetchDatasets } from '../api/client.ts';
import { ALL_DATASETS, type DatasetSummary } from '../api/query-spec.ts';
import { routeToHref } from '../query/url-state.ts';
import { Link, navigate } from '../ui/navigation.tsx';
import { useAsync } from '../ui/use-async.ts';
import { deleteDerivedColumn, listDerivedColumns, type DerivedColumn } from './derived-api.ts';
import { DerivedForm } from './derived-form.tsx';
import { derivedHref } from './derived-route.ts';
import { checkDerivedColumn, type DerivedScope } from './expression-check.ts';
import { HighlightedExpression } from './expression-editor.tsx';
import { errorSpan, expressionSegments, markError } from './expression-segments.ts';
import './derived.css';

/** The newest event the preview's window ends at: the dataset's, or the newest of all. */
function lastEventOf(dataset: string, datasets: readonly DatasetSummary[]): string | null {
  const times = datasets.filter((d) => dataset === ALL_DATASETS || d.name === dataset).flatMap((d) => (d.lastEventAt ? [d.lastEventAt] : []));
  return times.sort().at(-1) ?? null;
}

export function DerivedPage({ dataset }: { dataset: string }) {
  const datasets = useAsync((signal) => fetchDatasets(signal), []);
  const list = datasets.data;
  useEffect(() => {
    if (!dataset && list) navigate(derivedHref(list[0]?.name ?? ALL_DATASETS), { replace: true });
  }, [dataset, list]);
  if (datasets.status === 'loading' || !dataset) return <div className="loading">Loading datasets…</div>;
  if (datasets.status === 'error') {
    return (
      <div className="error-banner" role="alert">
        Cannot load the datasets: {datasets.error.message}
      </div>
    );
  }
  return <DatasetDerivedColumns key={dataset} dataset={dataset} datasets={datasets.data} />;
}

function DatasetDerivedColumns({ dataset, datasets }: { dataset: string; datasets: DatasetSummary[] }) {
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<DerivedColumn | null>(null);
  const columns = useAsync((signal) => fetchColumns(dataset, datasets, signal), [version]);
  const derived = useAsync((signal) => listDerivedColumns(dataset, signal), [version]);
  // A dataset's list holds the environment-wide ones too; those are changed where they live.
  const everyDataset = useAsync((signal) => (dataset === ALL_DATASETS ? Promise.resolve([]) : listDerivedColumns(ALL_DATASETS, signal)), [version]);
  const reload = () => {
    setEditing(null);
    setVersion((n) => n + 1);
  };

  const failure = columns.error ?? derived.error ?? everyDataset.error;
  const ready = columns.status === 'done' && derived.status === 'done' && everyDataset.status === 'done';
  const scopeWithout = (id: string | undefined): DerivedScope => ({ columns: columns.data ?? [], others: (derived.data ?? []).filter((d) => d.id !== id) });
  const wide = new Set((everyDataset.data ?? []).map((d) => d.id));

  return (
    <div className="derived-page">
      <div className="derived-header">
        <h1>Derived columns of</h1>
        <select aria-label="Dataset" value={dataset} onChange={(e) => navigate(derivedHref(e.target.value))}>
          {datasets.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name}
            </option>
          ))}
          <option value={ALL_DATASETS}>every dataset</option>
        </select>
      </div>
      <p className="muted">
        Fields computed from each event's others; queries, triggers, SLOs and boards name them like any column.
        {dataset === ALL_DATASETS && ' These ones every dataset has.'}
      </p>
      {failure && (
        <div className="error-banner" role="alert">
          {failure.message}
        </div>
      )}
      {ready && derived.data.length === 0 && <div className="muted">No derived columns yet: make one below.</div>}
      {ready && derived.data.length > 0 && (
        <table className="derived-table">
          <thead>
            <tr>
              <th>name</th>
              <th>type</th>
              <th>expression</th>
              <th>description</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {derived.data.map((column) => (
              <DerivedRow
                key={column.id}
                column={column}
                dataset={dataset}
                everyDataset={wide.has(column.id)}
                scope={scopeWithout(column.id)}
                onEdit={() => setEditing(column)}
                onDeleted={reload}
              />
            ))}
          </tbody>
        </table>
      )}
      {ready && (
        <DerivedForm
          key={editing?.id ?? `new-${version}`}
          dataset={dataset}
          editing={editing}
          scope={scopeWithout(editing?.id)}
          lastEventAt={lastEventOf(dataset, datasets)}
          onSaved={reload}
          onCancel={() => setEditing(null)}
        />
      )}
    </div>
  );
}

interface RowProps {
  column: DerivedColumn;
  dataset: string;
  everyDataset: boolean;
  scope: DerivedScope;
  onEdit: () => void;
  onDeleted: () => void;
}

function DerivedRow({ column, dataset, everyDataset, scope, onEdit, onDeleted }: RowProps) {
  const [error, setError] = useState<string | null>(null);
  const check = checkDerivedColumn(column.alias, column.expression, scope);
  const segments = expressionSegments(column.expression);
  const queryHref = routeToHref({
    page: 'query',
    state: { dataset, query: { calculations: [{ op: 'COUNT' }], breakdowns: [column.alias], time_range: 2 * 60 * 60 }, columns: [] },
  });
  const remove = async () => {
    if (!confirm(`Delete the derived column "${column.alias}"?`)) return;
    try {
      await deleteDerivedColumn(dataset, column.id);
      onDeleted();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <tr data-derived-alias={column.alias}>
      <td className="derived-alias">{column.alias}</td>
      <td data-column="type" className={check.ok ? undefined : 'error-text'}>
        {check.ok ? check.type : `does not work: ${check.message}`}
      </td>
      <td>
        <code className="derived-expression">
          <HighlightedExpression segments={check.ok ? segments : markError(segments, errorSpan(segments, check.offset))} />
        </code>
      </td>
      <td>{column.description}</td>
      <td className="row-actions">
        <Link className="small-link" href={queryHref}>
          Query
        </Link>
        {everyDataset ? (
          <Link className="small-link" href={derivedHref(ALL_DATASETS)} title="It belongs to every dataset: change it there">
            every dataset
          </Link>
        ) : (
          <>
            <button type="button" className="small" onClick={onEdit}>
              Edit
            </button>
            <button type="button" className="small" onClick={() => void remove()}>
              Delete
            </button>
          </>
        )}
        {error && (
          <div role="alert" className="error-text">
            {error}
          </div>
        )}
      </td>
    </tr>
  );
}
