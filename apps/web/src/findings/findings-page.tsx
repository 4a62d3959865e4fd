// The findings feed: what the watcher noticed changing on its own, newest first, open or
// recovered, each with where, since when, its likeliest causes and links to the query,
// the changed slice, example traces and the markers. Telemetry is shown as text only.
import { useState } from 'react';
import { fetchFindings, markExpected, type Finding } from './findings-api.ts';
import { CHANGES_PATH, FINDINGS_PATH, routeToHref } from '../query/url-state.ts';
import type { QuerySpec } from '../api/query-spec.ts';
import { Link } from '../ui/navigation.tsx';
import { useAsync } from '../ui/use-async.ts';
import './findings.css';

const RANGES: Array<[string, number]> = [
  ['1 hour', 3600],
  ['24 hours', 86400],
  ['7 days', 7 * 86400],
];
/** How long "expected" quiets the same kind of change at the finding's places. */
const EXPECTED_MINUTES = 120;

const time = (seconds: number) => new Date(seconds * 1000).toLocaleString();

export function FindingsPage() {
  const [range, setRange] = useState(86400);
  const [reload, setReload] = useState(0);
  const feed = useAsync((signal) => fetchFindings(range, signal), [range, reload]);
  return (
    <div className="findings-page">
      <div className="findings-head">
        <h1>Findings</h1>
        <span className="muted">What changed on its own, noticed every minute: newest first.</span>
        <span className="spacer" />
        <label>
          Since{' '}
          <select value={range} onChange={(e) => setRange(Number(e.target.value))} aria-label="Time range">
            {RANGES.map(([label, seconds]) => (
              <option key={seconds} value={seconds}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {feed.status === 'loading' && <div className="loading">Loading findings…</div>}
      {feed.status === 'error' && (
        <div className="error-banner" role="alert">
          Cannot load the findings: {feed.error.message}
        </div>
      )}
      {feed.status === 'done' && feed.data.findings.length === 0 && <div className="empty">Nothing changed: no findings in this range.</div>}
      {feed.status === 'done' && (
        <ol className="findings-feed">
          {feed.data.findings.map((finding) => (
            <li key={finding.id}>
              <FindingCard finding={finding} onChanged={() => setReload((n) => n + 1)} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function FindingCard({ finding, onChanged }: { finding: Finding; onChanged?: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const explanation = finding.explanation;
  const where = Object.entries(finding.where).filter(([, values]) => values.length > 0);
  const query = explanation ? (explanation.query.query as QuerySpec) : null;
  const slice = explanation
    ? ({
        ...(explanation.bubbleup.query as QuerySpec),
        filters: [...(explanation.bubbleup.query.filters ?? []), ...explanation.bubbleup.selection.filters],
        start_time: explanation.bubbleup.selection.start_time,
      } as QuerySpec)
    : null;
  return (
    <article className={`finding-card finding-${finding.state}`} data-finding={finding.id}>
      <header>
        <span className={`finding-state ${finding.state}`}>{finding.state === 'open' ? 'open' : 'recovered'}</span>
        <strong className="finding-title">{finding.title}</strong>
        {finding.expected && <span className="muted"> (expected)</span>}
      </header>
      <div className="muted">
        since {time(finding.since)} · noticed {time(finding.opened_at)}
        {finding.recovered_at !== null && ` · recovered ${time(finding.recovered_at)}`}
      </div>
      {where.length > 0 && (
        <dl className="finding-where">
          {where.map(([key, values]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{values.join(', ')}</dd>
            </div>
          ))}
        </dl>
      )}
      {explanation && explanation.causes.length > 0 && (
        <ol className="finding-causes" aria-label="Likeliest causes">
          {explanation.causes.map((cause, i) => (
            <li key={i}>
              {cause.label}
              {cause.selected !== null && cause.baseline !== null && (
                <span className="muted">
                  {' '}
                  — {Math.round(cause.selected * 100)}% of the changed slice vs {Math.round(cause.baseline * 100)}% before
                </span>
              )}
              {cause.marker_id !== null && <span className="muted"> (announced by a marker)</span>}
            </li>
          ))}
        </ol>
      )}
      <div className="finding-links">
        {query && explanation && <Link href={routeToHref({ page: 'query', state: { dataset: explanation.query.dataset, query, columns: [] } })}>Query</Link>}
        {slice && explanation && (
          <Link href={routeToHref({ page: 'query', state: { dataset: explanation.bubbleup.dataset, query: slice, columns: [] } })}>The changed slice</Link>
        )}
        {explanation?.traces.map((traceId) => (
          <Link key={traceId} href={routeToHref({ page: 'trace', traceId, spanId: null })}>
            trace {traceId.slice(0, 8)}
          </Link>
        ))}
        {explanation && explanation.markers.length > 0 && <Link href={CHANGES_PATH}>{explanation.markers.length} marker(s)</Link>}
        {!finding.expected && (
          <button
            type="button"
            className="small"
            onClick={() =>
              markExpected(finding.id, EXPECTED_MINUTES).then(
                () => onChanged?.(),
                (e: Error) => setError(e.message),
              )
            }
          >
            Expected
          </button>
        )}
      </div>
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
    </article>
  );
}

/** The open findings, on the home page: only when there are some. */
export function OpenFindings() {
  const open = useAsync((signal) => fetchFindings(86400, signal, 'open'), []);
  if (open.status !== 'done' || open.data.findings.length === 0) return null;
  return (
    <section className="open-findings" aria-label="Open findings">
      <Link href={FINDINGS_PATH}>
        {open.data.findings.length} open finding{open.data.findings.length > 1 ? 's' : ''}
      </Link>
      : {open.data.findings.map((f) => f.title).join(' · ')}
    </section>
  );
}
