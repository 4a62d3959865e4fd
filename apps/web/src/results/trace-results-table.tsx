// The Traces view of a query: one row per matching trace, newest first; opening one shows
// its waterfall with the spans the query matched highlighted.
import type { TraceMatch } from '@flashlight/query';
import { Link } from '../ui/navigation.tsx';
import { routeToHref } from '../query/url-state.ts';
import { formatDurationUs } from '../trace/trace-spans.ts';

export function TraceResultsTable({ traces }: { traces: readonly TraceMatch[] }) {
  if (traces.length === 0) return <div className="empty">No traces match this query in this time range.</div>;
  return (
    <table className="results-table trace-results">
      <thead>
        <tr>
          <th>Root</th>
          <th>Started</th>
          <th>Duration</th>
          <th>Spans</th>
          <th>Errors</th>
          <th>Matching spans</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((trace) => (
          <tr key={trace.traceId}>
            <td>
              <Link href={routeToHref({ page: 'trace', traceId: trace.traceId, spanId: trace.matchingSpanIds[0] ?? null, matching: trace.matchingSpanIds })}>
                {trace.rootService ?? '?'} · {trace.rootName ?? '(no root span)'}
              </Link>
            </td>
            <td>{new Date(trace.startTime).toLocaleTimeString()}</td>
            <td>{formatDurationUs(trace.durationMs * 1000)}</td>
            <td>{trace.spans}</td>
            <td>{trace.errors > 0 ? <span className="badge error">{trace.errors}</span> : 0}</td>
            <td>{trace.matchingSpanIds.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
