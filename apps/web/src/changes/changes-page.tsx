// The changes page: recent markers (hand-made and from the change ledger), each opening its
// before/after comparison, and the audit log of configuration changes.
import { useState } from 'react';
import { formatTickTime } from '../results/chart-axes.ts';
import { useAsync } from '../ui/use-async.ts';
import { ALL_DATASETS } from '../api/query-spec.ts';
import { listMarkers, type Marker } from './markers-api.ts';
import { fetchAudit, fetchComparison } from './changes-api.ts';
import { BeforeAfterTable } from './before-after-table.tsx';
import { NewMarkerForm } from './new-marker-form.tsx';
import { BubbleUpPanel } from '../bubbleup/bubbleup-panel.tsx';
import type { QuerySpec } from '../api/query-spec.ts';
import { routeToHref, type QueryState } from '../query/url-state.ts';
import { navigate } from '../ui/navigation.tsx';
import './markers.css';

const WEEK_S = 7 * 86_400;
const COMPARISON_WINDOW_S = 30 * 60;

function Comparison({ marker }: { marker: Marker }) {
  const comparison = useAsync((signal) => fetchComparison(marker.id, COMPARISON_WINDOW_S, signal), [marker.id]);
  const [bubbleUp, setBubbleUp] = useState(false);
  if (comparison.status === 'loading') return <div className="muted">Comparing…</div>;
  if (comparison.status === 'error')
    return (
      <div role="alert" className="error-banner">
        {comparison.error.message}
      </div>
    );
  const { dataset, query, selection } = comparison.data.bubbleup;
  const state: QueryState = { dataset, query: query as QuerySpec, columns: [] };
  return (
    <>
      <BeforeAfterTable comparison={comparison.data} />
      {bubbleUp ? (
        <BubbleUpPanel
          state={state}
          selection={selection}
          title="after the change, against before it"
          onNavigate={(next) => navigate(routeToHref({ page: 'query', state: next }))}
          onClose={() => setBubbleUp(false)}
        />
      ) : (
        <button type="button" className="small bubbleup-after" onClick={() => setBubbleUp(true)}>
          BubbleUp: what is different after
        </button>
      )}
    </>
  );
}

export function ChangesPage() {
  const [now, setNow] = useState(() => Date.now() / 1000);
  const markers = useAsync((signal) => listMarkers(ALL_DATASETS, now - WEEK_S, now + 3600, signal), [now]);
  const audit = useAsync((signal) => fetchAudit(100, signal), []);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="changes-page">
      <h1>Changes of the last week</h1>
      <NewMarkerForm onCreated={() => setNow(Date.now() / 1000)} />
      {markers.status === 'error' && (
        <div role="alert" className="error-banner">
          {markers.error.message}
        </div>
      )}
      {markers.status === 'done' && markers.data.length === 0 && (
        <div className="empty">No markers yet. Post one to /api/v1/markers, or deploy a new service.version.</div>
      )}
      <ul className="marker-list">
        {[...(markers.data ?? [])].reverse().map((marker) => (
          <li key={marker.id} data-marker-id={marker.id}>
            <div className="marker-row">
              <span className="muted">{formatTickTime(marker.start_time * 1000, WEEK_S * 1000)}</span>
              <span className="marker-type">{marker.type}</span>
              <span className="muted">{marker.dataset ?? 'every dataset'}</span>
              <span className="marker-message">{marker.message}</span>
              <span className="muted">{marker.source === 'ledger' ? 'from telemetry' : marker.created_by}</span>
              <button type="button" className="small" onClick={() => setOpen(open === marker.id ? null : marker.id)}>
                {open === marker.id ? 'Close' : 'Before / after'}
              </button>
            </div>
            {open === marker.id && <Comparison marker={marker} />}
          </li>
        ))}
      </ul>
      <h2>Audit log</h2>
      {audit.status === 'error' && <div className="muted">{audit.error.message}</div>}
      {audit.status === 'done' && (
        <table className="audit-table">
          <thead>
            <tr>
              <th>when</th>
              <th>who</th>
              <th>what</th>
              <th>target</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.map((entry, i) => (
              <tr key={i}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>{entry.target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
