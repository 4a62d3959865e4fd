// A trace compared with another trace, or with its peers (the URL says which).
import { useEffect } from 'react';
import type { PeerComparison, TraceComparison } from '@flashlight/api';
import { ApiError, fetchPeerComparison, fetchTraceComparison } from '../api/client.ts';
import { useAsync } from '../ui/use-async.ts';
import { Link } from '../ui/navigation.tsx';
import { routeToHref } from '../query/url-state.ts';
import type { CompareRoute } from './compare-route.ts';
import { PeerComparisonView, TraceComparisonView } from './compare-views.tsx';

export function ComparePage({ route }: { route: CompareRoute }) {
  const { traceId, other } = route;
  const answer = useAsync<PeerComparison | TraceComparison>(
    (signal) => (other === null ? fetchPeerComparison(traceId, signal) : fetchTraceComparison(traceId, other, signal)),
    [traceId, other],
  );
  useEffect(() => {
    document.title = `Compare ${traceId} · Flashlight`;
  }, [traceId]);
  const title = other === null ? 'against its peers' : 'with another trace';
  return (
    <div className="compare-page">
      <header className="trace-header">
        <h1>
          Trace <Link href={routeToHref({ page: 'trace', traceId, spanId: null })}>{traceId}</Link> {title}
        </h1>
        {other !== null && (
          <span className="muted">
            A: {traceId} · B: {other}
          </span>
        )}
      </header>
      {answer.status === 'loading' && <div className="loading">Comparing…</div>}
      {answer.status === 'error' && (
        <div className={answer.error instanceof ApiError && answer.error.status === 404 ? 'empty' : 'error-banner'} role="alert">
          Cannot compare: {answer.error.message}
        </div>
      )}
      {answer.status === 'done' &&
        ('peers' in answer.data ? <PeerComparisonView comparison={answer.data} /> : <TraceComparisonView comparison={answer.data} />)}
    </div>
  );
}
