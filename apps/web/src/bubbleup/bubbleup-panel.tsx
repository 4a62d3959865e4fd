// BubbleUp under the charts: what is different about the selected slice (a heatmap region
// or a group) versus the rest of the query's events. Each value filters the query; each
// column groups it; identity values open their entity lens.
import { useState } from 'react';
import type { QueryState } from '../query/url-state.ts';
import { useAsync } from '../ui/use-async.ts';
import { withFilters } from '../query/drill-down.ts';
import { entityLink } from '../entity/entity-route.ts';
import { runBubbleUp } from '../api/client.ts';
import { filterToValue, groupByField, type BubbleUpSelection } from './bubbleup-selection.ts';
import { BubbleUpColumns } from './bubbleup-columns.tsx';

interface Props {
  state: QueryState;
  selection: BubbleUpSelection;
  /** What was selected, in words: "duration_ms 500 – 900, 10:02 – 10:20". */
  title: string;
  onNavigate: (state: QueryState) => void;
  onClose: () => void;
}

export function BubbleUpPanel({ state, selection, title, onNavigate, onClose }: Props) {
  const { dataset, query } = state;
  const [nearUnique, setNearUnique] = useState(false);
  const answer = useAsync(
    (signal) => runBubbleUp(dataset, query, selection, nearUnique, signal),
    [dataset, JSON.stringify(query), JSON.stringify(selection), nearUnique],
  );
  const canFilter = withFilters(query, []) !== null;
  return (
    <section className="bubbleup" aria-label="BubbleUp">
      <div className="bubbleup-title">
        <h2>BubbleUp</h2>
        <span className="muted">what is different about {title}, compared with the rest of the query</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={onClose}>
          Close
        </button>
      </div>
      {answer.status === 'loading' && <div className="loading">Comparing every column…</div>}
      {answer.status === 'error' && (
        <div className="error-banner" role="alert">
          BubbleUp failed: {answer.error.message}
        </div>
      )}
      {answer.status === 'done' && (
        <BubbleUpColumns
          result={answer.data}
          nearUnique={{ shown: nearUnique, toggle: setNearUnique }}
          onFilter={
            canFilter
              ? (field, share) => {
                  const next = filterToValue(query, field, share);
                  if (next) onNavigate({ ...state, query: next });
                }
              : null
          }
          onGroupBy={(field) => onNavigate({ ...state, query: groupByField(query, field) })}
          lensHref={(field, share) => (share.range ? null : entityLink(dataset, field, share.value, query))}
        />
      )}
    </section>
  );
}
