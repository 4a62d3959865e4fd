// One saved query on a board: its title, its query in words, chart type, the answer drawn by the query page's
// own results view (stacked: stacked areas above its table), and links to open it as a
// query or download it as CSV or JSON.
import type { QuerySpec } from '../api/query-spec.ts';
import { runQuery } from '../api/client.ts';
import { ResultsView } from '../results/results-view.tsx';
import { buildChartSeries } from '../results/series.ts';
import { StackedChart } from './stacked-chart.tsx';
import { routeToHref } from '../query/url-state.ts';
import { Link, navigate } from '../ui/navigation.tsx';
import { useAsync } from '../ui/use-async.ts';
import { downloadResult, type BoardQuery } from './boards-api.ts';
import { panelQueryText } from './panel-query-text.ts';

interface Props {
  panel: BoardQuery;
  query: QuerySpec;
  onRemove: (() => void) | null;
}

export function BoardPanel({ panel, query, onRemove }: Props) {
  const answer = useAsync((signal) => runQuery(panel.dataset, query, signal), [panel.dataset, JSON.stringify(query)]);
  const state = { dataset: panel.dataset, query, columns: [] };
  return (
    <section className={`board-panel chart-${panel.chart}`} aria-label={panel.title}>
      <header className="board-panel-header">
        <h2>{panel.title}</h2>
        <span className="muted panel-query">
          {panel.dataset} · {panelQueryText(panel.query)} · {panel.chart}
        </span>
        <span className="spacer" />
        <Link href={routeToHref({ page: 'query', state })}>Open as query</Link>
        <button type="button" className="small" onClick={() => void downloadResult(panel.dataset, query, 'csv', panel.title)}>
          CSV
        </button>
        <button type="button" className="small" onClick={() => void downloadResult(panel.dataset, query, 'json', panel.title)}>
          JSON
        </button>
        {onRemove && (
          <button type="button" className="small" onClick={onRemove}>
            Remove
          </button>
        )}
      </header>
      {answer.status === 'loading' && <div className="loading">Running…</div>}
      {answer.status === 'error' && (
        <div className="error-banner" role="alert">
          {answer.error.message}
        </div>
      )}
      {answer.status === 'done' &&
        panel.chart === 'stacked' &&
        buildChartSeries(answer.data, query).map((series) => <StackedChart key={series.label} series={series} />)}
      {answer.status === 'done' && (
        <ResultsView state={state} result={answer.data} hasTraces={false} onNavigate={(next) => navigate(routeToHref({ page: 'query', state: next }))} />
      )}
    </section>
  );
}
