// The ranked columns of a BubbleUp answer: the columns that best tell the selection apart
// first, each with its score, the sentence that explains it, and its paired bars.
import { useState } from 'react';
import { FieldText } from '../ui/field-text.tsx';
import { formatNumber } from '../results/chart-axes.ts';
import type { BubbleUpResult, ValueShare } from './bubbleup-api.ts';
import { PairedBars } from './paired-bars.tsx';
import { sampleNote } from './sample-note.ts';

/** Columns shown before "show all". */
const SHOWN_COLUMNS = 12;

interface Props {
  result: BubbleUpResult;
  /** Whether near-unique columns (trace ids, timestamps, pids) were asked for, and how to ask again; null offers no toggle. */
  nearUnique: { shown: boolean; toggle: (show: boolean) => void } | null;
  onFilter: ((field: string, share: ValueShare) => void) | null;
  onGroupBy: ((field: string) => void) | null;
  lensHref: ((field: string, share: ValueShare) => string | null) | null;
}

export function BubbleUpColumns({ result, nearUnique, onFilter, onGroupBy, lensHref }: Props) {
  const [all, setAll] = useState(false);
  if (result.selected === 0) return <div className="empty">No events of the query fall in the selection.</div>;
  const columns = all ? result.columns : result.columns.slice(0, SHOWN_COLUMNS);
  const sampled = sampleNote(result);
  return (
    <div className="bubbleup-columns">
      <div className="bubbleup-legend muted">
        <span className="paired-key selected" /> selection: {formatNumber(Math.round(result.selected))} events <span className="paired-key baseline" /> baseline
        (the rest of the query): {formatNumber(Math.round(result.baseline))} events
      </div>
      {sampled && <div className="bubbleup-legend muted bubbleup-sampled">{sampled}</div>}
      {nearUnique && <NearUniqueToggle hidden={result.hidden} {...nearUnique} />}
      <ol className="bubbleup-list">
        {columns.map((column) => (
          <li key={column.field} className="bubbleup-column" data-field={column.field}>
            <div className="bubbleup-head">
              <strong>
                <FieldText value={column.field} />
              </strong>
              {column.nearUnique && <span className="muted bubbleup-near-unique">near-unique</span>}
              <span
                className="bubbleup-score"
                title={`Total variation distance: the share of the selection that would need other values to match the baseline. A random selection of as many events would show ${Math.round(column.chance * 100)}% on average; columns rank by the difference beyond that.`}
              >
                {column.definesSelection ? 'selection' : `${Math.round(column.score * 100)}% different`}
              </span>
              {onGroupBy && (
                <button type="button" className="small" onClick={() => onGroupBy(column.field)}>
                  Group by
                </button>
              )}
            </div>
            <div className="bubbleup-explanation muted">{column.explanation}</div>
            <PairedBars
              column={column}
              onFilter={onFilter && ((share) => onFilter(column.field, share))}
              lensHref={lensHref && ((share) => lensHref(column.field, share))}
            />
          </li>
        ))}
      </ol>
      {result.columns.length > SHOWN_COLUMNS && (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? 'Show the top columns only' : `Show all ${result.columns.length} columns`}
        </button>
      )}
    </div>
  );
}

/** Says which near-unique columns were left out, and lists them on request. */
function NearUniqueToggle({ hidden, shown, toggle }: { hidden: readonly string[]; shown: boolean; toggle: (show: boolean) => void }) {
  if (!shown && hidden.length === 0) return null;
  return (
    <div className="bubbleup-legend muted bubbleup-near-unique-toggle">
      {shown ? (
        'Near-unique columns (a new value almost every event or process) are listed.'
      ) : (
        <>
          {hidden.length} near-unique {hidden.length === 1 ? 'column' : 'columns'} left out, a new value almost every event or process:{' '}
          <FieldText value={hidden.slice(0, 5).join(', ') + (hidden.length > 5 ? ', …' : '')} />.
        </>
      )}{' '}
      <button type="button" className="link" onClick={() => toggle(!shown)}>
        {shown ? 'Leave them out' : 'Show them'}
      </button>
    </div>
  );
}
