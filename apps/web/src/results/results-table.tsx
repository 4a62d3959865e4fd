// One row per group with every calculation; sortable by any column. Clicking a row isolates
// its line in the charts; its buttons add the group as a filter or open its events.
import { useState } from 'react';
import { formatNumber, formatPrecise } from './chart-axes.ts';
import { sortRows, type ResultRow, type SortDirection } from './series.ts';
import { FieldText } from '../ui/field-text.tsx';
import { Link } from '../ui/navigation.tsx';
import { routeToHref } from '../query/url-state.ts';
import { TRACE_ID_FIELD } from '../query/drill-down.ts';

interface Props {
  rows: ResultRow[];
  breakdowns: string[];
  labels: string[];
  colourOf: (groupKey: string) => string;
  isolated: string | null;
  onIsolate: (groupKey: string | null) => void;
  /** Null when the query cannot take one more filter (ORed filters). */
  onFilter: ((row: ResultRow) => void) | null;
  onEvents: ((row: ResultRow) => void) | null;
  onTraces: ((row: ResultRow) => void) | null;
  /** BubbleUp: what sets this group apart from the rest of the query's events. */
  onCompare?: ((row: ResultRow) => void) | null;
  /** The entity lens of a group's value. */
  lensHref?: ((field: string, value: unknown) => string | null) | null;
}

export function ResultsTable({ rows, breakdowns, labels, colourOf, isolated, onIsolate, onFilter, onEvents, onTraces, onCompare, lensHref }: Props) {
  const [sort, setSort] = useState<{ by: string | number; direction: SortDirection } | null>(null);
  const shown = sort ? sortRows(rows, sort.by, sort.direction) : rows;

  const header = (by: string | number, title: string, numeric: boolean) => {
    const active = sort?.by === by;
    const next: SortDirection = active && sort.direction === 'descending' ? 'ascending' : 'descending';
    return (
      <th key={String(by)} className={numeric ? 'num' : undefined} aria-sort={active ? sort.direction : 'none'}>
        <button type="button" className="sort" onClick={() => setSort({ by, direction: next })}>
          {title}
          {active ? (sort.direction === 'descending' ? ' ↓' : ' ↑') : ''}
        </button>
      </th>
    );
  };

  return (
    <div className="table-wrap">
      <table className="results-table">
        <thead>
          <tr>
            <th aria-label="colour" />
            {breakdowns.map((b, i) => header(i, b, false))}
            {labels.map((l) => header(l, l, true))}
            <th aria-label="actions" />
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr
              key={row.group.key}
              className={isolated === row.group.key ? 'isolated' : isolated ? 'dimmed' : undefined}
              onClick={() => onIsolate(isolated === row.group.key ? null : row.group.key)}
              onKeyDown={(e) => {
                if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
                e.preventDefault();
                onIsolate(isolated === row.group.key ? null : row.group.key);
              }}
              tabIndex={0}
              aria-selected={isolated === row.group.key}
              title="Click (or Enter) to isolate this group in the charts"
            >
              <td>
                <span className="swatch" style={{ background: colourOf(row.group.key) }} />
              </td>
              {row.group.values.map((value, i) => (
                <td key={i} data-column={breakdowns[i]}>
                  {value === null ? (
                    <span className="muted">(none)</span>
                  ) : breakdowns[i] === TRACE_ID_FIELD && typeof value === 'string' ? (
                    <Link href={routeToHref({ page: 'trace', traceId: value, spanId: null })} onClick={(e) => e.stopPropagation()}>
                      <FieldText value={value} />
                    </Link>
                  ) : (
                    <FieldText value={value} />
                  )}
                  {value !== null && lensHref?.(breakdowns[i], value) && (
                    <Link
                      className="lens-link"
                      href={lensHref(breakdowns[i], value)!}
                      onClick={(e) => e.stopPropagation()}
                      title={`The entity lens of this ${breakdowns[i]}`}
                    >
                      lens
                    </Link>
                  )}
                </td>
              ))}
              {labels.map((l) => (
                <td key={l} className={row.uncertain?.has(l) ? 'num uncertain' : 'num'} data-column={l} title={valueTitle(row, l)}>
                  {row.values[l] === null ? '–' : formatPrecise(row.values[l]!)}
                  {row.values[l] !== null && row.intervals?.[l] && <span className="plus-minus"> ± {halfWidth(row.intervals[l]!)}</span>}
                  {row.uncertain?.has(l) && <span className="too-few">too few events</span>}
                </td>
              ))}
              <td className="row-actions" onClick={(e) => e.stopPropagation()}>
                {onFilter && breakdowns.length > 0 && (
                  <button type="button" className="small" onClick={() => onFilter(row)} title="Add this group as a filter">
                    filter
                  </button>
                )}
                {onEvents && (
                  <button type="button" className="small" onClick={() => onEvents(row)} title="Show the events behind this row">
                    events
                  </button>
                )}
                {onTraces && !breakdowns.includes(TRACE_ID_FIELD) && (
                  <button type="button" className="small" onClick={() => onTraces(row)} title="Show the slowest traces of this row">
                    traces
                  </button>
                )}
                {onCompare && breakdowns.length > 0 && (
                  <button type="button" className="small" onClick={() => onCompare(row)} title="BubbleUp: what sets this group apart from the rest">
                    compare
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Half the interval's width; an end the sample cannot bound makes it ∞. */
const halfWidth = ([low, high]: [number | null, number | null]) => (low === null || high === null ? '∞' : formatNumber((high - low) / 2));

/** The exact value, and its interval where there is one. */
function valueTitle(row: ResultRow, label: string): string {
  const value = String(row.values[label] ?? '');
  const interval = row.intervals?.[label];
  return interval ? `${value} (interval ${interval[0] ?? '−∞'} to ${interval[1] ?? '∞'})` : value;
}
