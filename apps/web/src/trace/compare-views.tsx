// The comparison views: two traces' aligned paths side by side, or one trace's paths
// against its peers. Span names, services and field values are telemetry: all rendered as
// text, never markup.
import type { PathStep, PeerComparison, TraceComparison } from '@flashlight/api';
import { Link } from '../ui/navigation.tsx';
import { routeToHref } from '../query/url-state.ts';
import { formatDurationUs } from './trace-spans.ts';

const ms = (value: number) => formatDurationUs(value * 1000);
const signedMs = (value: number) => (value > 0 ? '+' : value < 0 ? '−' : '±') + ms(Math.abs(value));
const stepText = (step: PathStep) => `${step.service ?? '(unknown service)'} · ${step.name ?? '(unnamed)'}`;

/** A path as its last step, indented by depth, the whole path on hover. */
function PathCell({ path }: { path: readonly PathStep[] }) {
  const last = path[path.length - 1];
  return (
    <td className="compare-path" title={path.map(stepText).join(' › ')} style={{ paddingLeft: `${(path.length - 1) * 14 + 4}px` }}>
      <span className="muted">{last?.service ?? '(unknown service)'}</span> {last?.name ?? '(unnamed)'}
    </td>
  );
}

const pathLabel = (path: readonly PathStep[]) => path.map(stepText).join(' › ');

function TraceLink({ traceId }: { traceId: string }) {
  return (
    <Link href={routeToHref({ page: 'trace', traceId, spanId: null })}>
      <code>{traceId}</code>
    </Link>
  );
}

export function TraceComparisonView({ comparison }: { comparison: TraceComparison }) {
  const { a, b, paths, critical, attributes, attributesOmitted } = comparison;
  return (
    <div className="compare-view">
      <table className="compare-summary">
        <tbody>
          <tr>
            <th>A</th>
            <td>
              <TraceLink traceId={a.traceId} />
            </td>
            <td>{ms(a.durationMs)}</td>
            <td>{a.spanCount} spans</td>
          </tr>
          <tr>
            <th>B</th>
            <td>
              <TraceLink traceId={b.traceId} />
            </td>
            <td>{ms(b.durationMs)}</td>
            <td>{b.spanCount} spans</td>
          </tr>
        </tbody>
      </table>
      <h2>Paths</h2>
      <div className="table-wrap">
        <table className="compare-table" aria-label="Aligned paths">
          <thead>
            <tr>
              <th>path</th>
              <th>spans A</th>
              <th>spans B</th>
              <th>added / missing</th>
              <th>time A</th>
              <th>time B</th>
              <th>difference</th>
              <th>own A</th>
              <th>own B</th>
              <th>critical A</th>
              <th>critical B</th>
            </tr>
          </thead>
          <tbody>
            {paths.map((p, i) => (
              <tr key={i} className={p.a.count === 0 ? 'compare-added' : p.b.count === 0 ? 'compare-missing' : undefined}>
                <PathCell path={p.path} />
                <td>{p.a.count}</td>
                <td>{p.b.count}</td>
                <td>
                  {p.added > 0 && <span className="badge compare-added-mark">+{p.added} in B</span>}
                  {p.missing > 0 && <span className="badge compare-missing-mark">−{p.missing} in B</span>}
                </td>
                <td>{ms(p.a.totalMs)}</td>
                <td>{ms(p.b.totalMs)}</td>
                <td className={p.diffMs > 0 ? 'compare-slower' : p.diffMs < 0 ? 'compare-faster' : undefined}>{signedMs(p.diffMs)}</td>
                <td>{ms(p.a.selfMs)}</td>
                <td>{ms(p.b.selfMs)}</td>
                <td>{ms(p.a.criticalMs)}</td>
                <td>{ms(p.b.criticalMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Critical path differences</h2>
      {critical.differences.length === 0 ? (
        <p className="muted">The critical paths spend the same time on every path.</p>
      ) : (
        <table className="compare-table" aria-label="Critical path differences">
          <thead>
            <tr>
              <th>path</th>
              <th>on A's critical path</th>
              <th>on B's critical path</th>
              <th>difference</th>
            </tr>
          </thead>
          <tbody>
            {critical.differences.map((d, i) => (
              <tr key={i}>
                <td title={pathLabel(d.path)}>{pathLabel(d.path)}</td>
                <td>{ms(d.aMs)}</td>
                <td>{ms(d.bMs)}</td>
                <td>{signedMs(d.bMs - d.aMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Fields that differ</h2>
      {attributes.length === 0 ? (
        <p className="muted">The aligned spans carry the same values (ids and times aside).</p>
      ) : (
        <table className="compare-table" aria-label="Fields that differ">
          <thead>
            <tr>
              <th>field</th>
              <th>A</th>
              <th>B</th>
              <th>on</th>
            </tr>
          </thead>
          <tbody>
            {attributes.map((attribute) => (
              <tr key={attribute.field}>
                <td>{attribute.field}</td>
                <td>{attribute.a.join(', ')}</td>
                <td>{attribute.b.join(', ')}</td>
                <td title={attribute.paths.map(pathLabel).join('\n')}>
                  {attribute.paths[0] ? stepText(attribute.paths[0][attribute.paths[0].length - 1]) : ''}
                  {attribute.pathCount > 1 && <span className="muted"> and {attribute.pathCount - 1} more paths</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {attributesOmitted > 0 && <p className="muted">{attributesOmitted} more fields differ.</p>}
    </div>
  );
}

export function PeerComparisonView({ comparison }: { comparison: PeerComparison }) {
  const { trace, peers, paths, ranking, durationMs, window, truncated } = comparison;
  const span = (us: number) => new Date(us / 1000).toLocaleTimeString();
  return (
    <div className="compare-view">
      <p>
        {ms(trace.durationMs)} against its {peers.length} peers' {ms(durationMs.p50)} (P50) and {ms(durationMs.p95)} (P95): the most recent traces rooted at{' '}
        <strong>{trace.rootName ?? '(unnamed)'}</strong> in dataset <strong>{window.dataset}</strong> between {span(window.startUs)} and {span(window.endUs)}.
        {truncated && ' Some peers had more spans than are read; their earliest are counted.'}
      </p>
      {peers.length === 0 ? (
        <p className="empty">No other trace with this root was found around it.</p>
      ) : (
        <>
          <h2>What explains the difference</h2>
          <ol className="compare-ranking" aria-label="What explains the difference">
            {ranking.map((entry) => (
              <li key={entry.path}>
                {entry.text} <span className="muted">({signedMs(entry.scoreMs)})</span>
              </li>
            ))}
          </ol>
        </>
      )}
      <h2>Paths</h2>
      <div className="table-wrap">
        <table className="compare-table" aria-label="Paths against the peers">
          <thead>
            <tr>
              <th>path</th>
              <th>spans</th>
              <th>peers' spans P50 / P95</th>
              <th>time</th>
              <th>peers' time P50 / P95</th>
              <th>own</th>
              <th>peers' own P50 / P95</th>
              <th>peers with it</th>
            </tr>
          </thead>
          <tbody>
            {paths.map((p, i) => (
              <tr key={i} className={p.trace.count === 0 ? 'compare-missing' : p.peers.share === 0 ? 'compare-added' : undefined}>
                <PathCell path={p.path} />
                <td>{p.trace.count}</td>
                <td>
                  {p.peers.count.p50} / {p.peers.count.p95}
                </td>
                <td>{ms(p.trace.totalMs)}</td>
                <td>
                  {ms(p.peers.totalMs.p50)} / {ms(p.peers.totalMs.p95)}
                </td>
                <td className={p.trace.selfMs > p.peers.selfMs.p95 ? 'compare-slower' : undefined}>{ms(p.trace.selfMs)}</td>
                <td>
                  {ms(p.peers.selfMs.p50)} / {ms(p.peers.selfMs.p95)}
                </td>
                <td>{Math.round(p.peers.share * 100)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {peers.length > 0 && (
        <details>
          <summary>The {peers.length} peers</summary>
          <ul className="compare-peers">
            {peers.map((peer) => (
              <li key={peer.traceId}>
                <TraceLink traceId={peer.traceId} /> {ms(peer.durationMs)}{' '}
                <Link href={routeToHref({ page: 'trace-compare', compare: { traceId: trace.traceId, other: peer.traceId } })}>compare</Link>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
