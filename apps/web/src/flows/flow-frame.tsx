// The frame every flow view shares: the toolbar, then the view's answer for the URL's
// query as it loads, fails, comes back empty or arrives.
import type { ReactNode } from 'react';
import { useAsync } from '../ui/use-async.ts';
import { FlowToolbar } from './flow-toolbar.tsx';
import type { FlowQuery, FlowRoute } from './flow-route.ts';

interface FlowFrameProps<T> {
  route: FlowRoute;
  load: (query: FlowQuery, signal: AbortSignal) => Promise<T>;
  /** What failed to load, as in "Cannot load the service map". */
  subject: string;
  loadingText: string;
  isEmpty: (data: T) => boolean;
  emptyText: string;
  /** A line above the answer, empty or not: what it covers. */
  note?: (data: T) => ReactNode;
  children: (data: T) => ReactNode;
}

export function FlowFrame<T>({ route, load, subject, loadingText, isEmpty, emptyText, note, children }: FlowFrameProps<T>) {
  const answer = useAsync((signal) => load(route.query, signal), [JSON.stringify(route.query)]);
  return (
    <div className="flow-page">
      <FlowToolbar route={route} />
      {answer.status === 'error' && (
        <div className="error-banner" role="alert">
          Cannot load {subject}: {answer.error.message}
        </div>
      )}
      {answer.status === 'loading' && <div className="loading">{loadingText}</div>}
      {answer.status === 'done' && note && <p className="flow-note">{note(answer.data)}</p>}
      {answer.status === 'done' && (isEmpty(answer.data) ? <div className="empty">{emptyText}</div> : children(answer.data))}
    </div>
  );
}
