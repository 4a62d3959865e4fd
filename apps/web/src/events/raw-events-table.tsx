// The events behind a query, in a table of chosen columns. Expanding an event shows all of
// its fields, each with one-click actions: filter on the value, group by the field, and
// for spans, open the trace.
import { Fragment, useState } from 'react';
import type { ColumnSummary, Filter, FieldValue } from '../api/query-spec.ts';
import { AutocompleteInput } from '../ui/autocomplete-input.tsx';
import { FieldText } from '../ui/field-text.tsx';
import { Link } from '../ui/navigation.tsx';
import { routeToHref } from '../query/url-state.ts';
import { columnSuggestions } from '../query/clause-suggestions.ts';
import { defaultEventColumns, eventFields } from './event-columns.ts';

interface Props {
  events: Record<string, unknown>[];
  /** Chosen columns; empty means the default choice. */
  columns: string[];
  knownColumns: ColumnSummary[];
  onColumnsChange: (columns: string[]) => void;
  /** Null when the query cannot take one more filter. */
  onFilter: ((filter: Filter) => void) | null;
  onGroupBy: (column: string) => void;
}

function isFieldValue(value: unknown): value is FieldValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function RawEventsTable({ events, columns, knownColumns, onColumnsChange, onFilter, onGroupBy }: Props) {
  const [expanded, setExpanded] = useState<number | null>(null);
  const [adding, setAdding] = useState('');
  const shown = columns.length > 0 ? columns : defaultEventColumns(events);

  const traceLink = (event: Record<string, unknown>) => {
    const traceId = event['trace.trace_id'];
    if (typeof traceId !== 'string' || !traceId) return null;
    const spanId = typeof event['trace.span_id'] === 'string' ? (event['trace.span_id'] as string) : null;
    return routeToHref({ page: 'trace', traceId, spanId });
  };

  return (
    <div className="raw-events">
      <div className="raw-events-toolbar">
        <span className="muted">the {events.length} newest events (LIMIT sets how many) · columns:</span>
        {shown.map((c) => (
          <span className="chip" key={c}>
            <span className="chip-text">{c}</span>
            <button type="button" className="chip-remove" aria-label={`Hide column ${c}`} onClick={() => onColumnsChange(shown.filter((x) => x !== c))}>
              ×
            </button>
          </span>
        ))}
        <AutocompleteInput
          value={adding}
          onChange={setAdding}
          onSubmit={(name) => {
            if (name.trim() && !shown.includes(name.trim())) onColumnsChange([...shown, name.trim()]);
            setAdding('');
          }}
          suggestions={columnSuggestions(
            adding,
            // An event holds its sent fields; derived columns are computed by queries, not stored with it.
            knownColumns.filter((c) => c.expression === undefined && !shown.includes(c.name)),
          )}
          placeholder="add column"
          ariaLabel="Add column"
          className="column-input"
        />
      </div>
      <div className="table-wrap">
        <table className="events-table">
          <thead>
            <tr>
              <th aria-label="expand" />
              <th aria-label="trace" />
              {shown.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {events.map((event, i) => {
              const trace = traceLink(event);
              const open = expanded === i;
              return (
                <Fragment key={i}>
                  <tr className={open ? 'expanded' : undefined} onClick={() => setExpanded(open ? null : i)}>
                    <td>
                      <button type="button" className="disclosure" aria-expanded={open} aria-label={open ? 'Collapse event' : 'Expand event'}>
                        {open ? '▾' : '▸'}
                      </button>
                    </td>
                    {/* First, so a wide table never scrolls it out of reach. */}
                    <td onClick={(e) => e.stopPropagation()}>
                      {trace && (
                        <Link href={trace} className="small-link">
                          trace
                        </Link>
                      )}
                    </td>
                    {shown.map((c) => (
                      <td key={c} data-column={c}>
                        <FieldText value={event[c]} />
                      </td>
                    ))}
                  </tr>
                  {open && (
                    <tr className="event-detail">
                      <td colSpan={shown.length + 2}>
                        <table className="fields-table">
                          <tbody>
                            {eventFields(event).map(([name, value]) => (
                              <tr key={name}>
                                <th>{name}</th>
                                <td>
                                  <FieldText value={value} />
                                </td>
                                <td className="row-actions">
                                  {onFilter && isFieldValue(value) && (
                                    <>
                                      <button
                                        type="button"
                                        className="small"
                                        title={`Filter ${name} = this value`}
                                        onClick={() => onFilter({ column: name, op: '=', value })}
                                      >
                                        =
                                      </button>
                                      <button
                                        type="button"
                                        className="small"
                                        title={`Filter ${name} != this value`}
                                        onClick={() => onFilter({ column: name, op: '!=', value })}
                                      >
                                        ≠
                                      </button>
                                    </>
                                  )}
                                  <button type="button" className="small" title={`Group by ${name}`} onClick={() => onGroupBy(name)}>
                                    group by
                                  </button>
                                  {!shown.includes(name) && (
                                    <button type="button" className="small" title="Show as a column" onClick={() => onColumnsChange([...shown, name])}>
                                      column
                                    </button>
                                  )}
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                        {trace && (
                          <Link href={trace} className="button-link">
                            Open trace
                          </Link>
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
