// The query page: the builder over the results of the query in the URL. Running a query
// pushes its URL; the results follow the URL, so back, forward and reload all work.
import { useEffect, useMemo, useState } from 'react';
import { ApiError, fetchColumns, runQuery } from '../api/client.ts';
import { ALL_DATASETS, type DatasetSummary, type QueryResult, type QuerySpec } from '../api/query-spec.ts';
import { RawEventsTable } from '../events/raw-events-table.tsx';
import { ResultsView } from '../results/results-view.tsx';
import { ResultDownloads } from '../boards/result-downloads.tsx';
import { navigate, Link } from '../ui/navigation.tsx';
import { useAsync } from '../ui/use-async.ts';
import { DURATION_FIELD, TRACE_ID_FIELD, eventsOf, tracesOfQuery, withFilters } from './drill-down.ts';
import { TraceResultsTable } from '../results/trace-results-table.tsx';
import { clauseOfErrorPath } from './error-clause.ts';
import { QueryBuilder } from './query-builder.tsx';
import { describeQuery, loadRecentQueries, rememberQuery, type RecentQuery } from './recent-queries.ts';
import { describeTimeRange } from './time-range.ts';
import { isRawEventsQuery, queryStateToSearch, routeToHref, type QueryState } from './url-state.ts';

interface Props {
  state: QueryState;
  datasets: DatasetSummary[];
}

const REFRESH_CHOICES: readonly [number, string][] = [
  [0, 'off'],
  [10, 'every 10s'],
  [30, 'every 30s'],
  [60, 'every minute'],
];

function hrefOf(state: QueryState): string {
  return routeToHref({ page: 'query', state });
}

export function QueryPage({ state, datasets }: Props) {
  const search = queryStateToSearch(state);
  const [draft, setDraft] = useState(state);
  const [runCount, setRunCount] = useState(0);
  const [recent, setRecent] = useState<RecentQuery[]>(() => loadRecentQueries(localStorage));

  // The URL changed (run, drill-down, back/forward): the builder shows that query, and
  // the page title names it (for history and bookmarks).
  useEffect(() => {
    setDraft(state);
    document.title = `${describeQuery(state)} · Flashlight`;
  }, [search]);

  const columns = useAsync((signal) => fetchColumns(draft.dataset, datasets, signal), [draft.dataset, datasets]);
  const result = useAsync(
    async (signal) => {
      const answer = await runQuery(state.dataset, state.query, signal);
      setRecent(rememberQuery(localStorage, state, Date.now()));
      return answer;
    },
    [search, runCount],
  );

  // Auto-refresh re-runs a relative query on a timer, so "the last hour" stays the last hour.
  const [refreshSeconds, setRefreshSeconds] = useState(0);
  const relative = state.query.start_time === undefined && state.query.end_time === undefined;
  useEffect(() => {
    if (!refreshSeconds || !relative) return;
    const timer = setInterval(() => setRunCount((n) => n + 1), refreshSeconds * 1000);
    return () => clearInterval(timer);
  }, [refreshSeconds, relative]);

  // While the same query re-runs (refresh, Run again), its last answer stays on screen.
  const [lastAnswer, setLastAnswer] = useState<{ search: string; data: QueryResult } | null>(null);
  useEffect(() => {
    if (result.status === 'done') setLastAnswer({ search, data: result.data });
  }, [result]);
  const answer = result.status === 'done' ? result.data : result.status === 'loading' && lastAnswer?.search === search ? lastAnswer.data : null;

  const run = () => {
    if (hrefOf(draft) === hrefOf(state)) setRunCount((n) => n + 1);
    else navigate(hrefOf(draft));
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const go = (next: QueryState) => navigate(hrefOf(next));
  const knownColumns = columns.data ?? [];
  const withQuery = (query: QuerySpec | null) => query && go({ ...state, query });
  const traceMode = state.query.results === 'traces';
  const raw = isRawEventsQuery(state.query) && !traceMode;
  const hasTraces = [TRACE_ID_FIELD, DURATION_FIELD].every((name) => knownColumns.some((c) => c.name === name));

  const recentList = useMemo(() => recent.slice(0, 12), [recent]);

  return (
    <div className="query-page">
      <QueryBuilder draft={draft} onChange={setDraft} onRun={run} datasets={datasets} columns={knownColumns} running={result.status === 'loading'} />
      {columns.status === 'error' && (
        <div className="error-banner">
          Cannot load the columns of {draft.dataset}: {columns.error.message}
        </div>
      )}
      <section className="results-area" aria-live="polite">
        <div className="results-header">
          <span className="results-title">{describeQuery(state)}</span>
          <span className="muted">{describeTimeRange(state.query)}</span>
          <span className="spacer" />
          {relative && (
            <label className="field">
              <span>Refresh</span>
              <select aria-label="Auto-refresh" value={refreshSeconds} onChange={(e) => setRefreshSeconds(Number(e.target.value))}>
                {REFRESH_CHOICES.map(([seconds, label]) => (
                  <option key={seconds} value={seconds}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {!raw && (
            <Link href={hrefOf({ ...state, query: eventsOf(state.query) })} className="button-link">
              Show events
            </Link>
          )}
          {!traceMode && hasTraces && (
            <Link href={hrefOf({ ...state, query: tracesOfQuery(state.query) })} className="button-link">
              Show traces
            </Link>
          )}
          {recentList.length > 0 && (
            <details className="recent">
              <summary>Recent queries</summary>
              <ul>
                {recentList.map((q) => (
                  <li key={q.search}>
                    <Link href={'/' + q.search} onClick={(e) => e.currentTarget.closest('details')?.removeAttribute('open')}>
                      {describeQuery(q.state)}
                    </Link>
                    <span className="muted"> {new Date(q.ranAt).toLocaleTimeString()}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
        {result.status === 'loading' && !answer && <div className="loading">Running query…</div>}
        {result.status === 'error' && <QueryErrorMessage error={result.error} />}
        {answer &&
          raw &&
          (answer.results.length === 0 ? (
            <div className="empty">No events match this query in this time range.</div>
          ) : (
            <RawEventsTable
              events={answer.results.map((r) => r.data)}
              columns={state.columns}
              knownColumns={knownColumns}
              onColumnsChange={(cols) => go({ ...state, columns: cols })}
              onFilter={withFilters(state.query, []) ? (filter) => withQuery(withFilters(state.query, [filter])) : null}
              onGroupBy={(column) => withQuery({ ...state.query, calculations: [{ op: 'COUNT' }], breakdowns: [column] })}
            />
          ))}
        {answer && traceMode && <TraceResultsTable traces={answer.traces ?? []} />}
        {answer && !raw && !traceMode && <ResultDownloads dataset={state.dataset} query={state.query} />}
        {answer && !raw && !traceMode && <ResultsView key={search} state={state} result={answer} onNavigate={go} hasTraces={hasTraces} />}
      </section>
    </div>
  );
}

function QueryErrorMessage({ error }: { error: Error }) {
  const where = error instanceof ApiError && error.path ? clauseOfErrorPath(error.path) : null;
  return (
    <div className="error-banner" role="alert">
      <strong>The query failed{error instanceof ApiError && error.status ? ` (${error.status})` : ''}:</strong> {error.message}
      {error instanceof ApiError && error.path && (
        <div className="muted">
          {where ? `in ${where.clause}${where.item ? `, item ${where.item}` : ''} ` : ''}({error.path})
        </div>
      )}
    </div>
  );
}

/** Before a dataset is chosen: the only one there is, else all of them. */
export function defaultDataset(datasets: readonly DatasetSummary[]): string {
  return datasets.length === 1 ? datasets[0].name : ALL_DATASETS;
}
