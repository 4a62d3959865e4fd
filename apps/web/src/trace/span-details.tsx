// The selected span's side panel: what it is, its fields and span events, and the way
// back to the aggregate: all spans of the same service and operation, as a query.
import { eventFields } from '../events/event-columns.ts';
import { spansLike } from '../query/drill-down.ts';
import { routeToHref } from '../query/url-state.ts';
import { FieldText } from '../ui/field-text.tsx';
import { Link } from '../ui/navigation.tsx';
import { entityLink } from '../entity/entity-route.ts';
import { formatDurationUs, type TraceSpan } from './trace-spans.ts';

const HOUR_S = 3600;

export function SpanDetails({ span, traceStartUs }: { span: TraceSpan; traceStartUs: number }) {
  const startS = span.startUs / 1e6;
  const likeThis = routeToHref({
    page: 'query',
    state: { dataset: span.dataset, query: spansLike(span.service, span.name, { start: startS - HOUR_S, end: startS + HOUR_S }), columns: [] },
  });
  // The lens of any field value, over the two hours around the span.
  const around = { start_time: Math.floor(startS - HOUR_S), end_time: Math.ceil(startS + HOUR_S) };
  const lensOf = (name: string, value: unknown) => entityLink(span.dataset, name, value, around);
  return (
    <aside className="span-panel" aria-label="Span details">
      <h2 className="span-title">{span.name}</h2>
      <div className="span-summary">
        <span>{span.service}</span>
        <span>{formatDurationUs(span.durationUs)}</span>
        <span className="muted">at +{formatDurationUs(span.startUs - traceStartUs)}</span>
        {span.error && <span className="badge error">error</span>}
      </div>
      <Link href={likeThis} className="button-link">
        All spans like this
      </Link>
      {span.markers.length > 0 && (
        <>
          <h3>Span events and links</h3>
          {span.markers.map((m, i) => (
            <div key={i}>
              <details className="marker-detail" open={m.kind === 'span_event' && i < 3}>
                <summary>
                  {m.name} <span className="muted">+{formatDurationUs(m.timeUs - traceStartUs)}</span>
                </summary>
                <FieldsTable fields={eventFields(m.fields)} lensOf={null} />
              </details>
              <LinkedTrace fields={m.fields} />
            </div>
          ))}
        </>
      )}
      <h3>Fields</h3>
      <FieldsTable fields={eventFields(span.fields)} lensOf={lensOf} />
    </aside>
  );
}

/** A link's target trace (and span), opened in the waterfall. */
function LinkedTrace({ fields }: { fields: Record<string, unknown> }) {
  const traceId = fields['trace.link.trace_id'];
  if (typeof traceId !== 'string' || !traceId) return null;
  const spanId = typeof fields['trace.link.span_id'] === 'string' ? (fields['trace.link.span_id'] as string) : null;
  return (
    <Link href={routeToHref({ page: 'trace', traceId, spanId })} className="button-link">
      Open linked trace
    </Link>
  );
}

function FieldsTable({ fields, lensOf }: { fields: [string, unknown][]; lensOf: ((name: string, value: unknown) => string | null) | null }) {
  return (
    <table className="fields-table">
      <tbody>
        {fields.map(([name, value]) => (
          <tr key={name}>
            <th>{name}</th>
            <td>
              <FieldText value={value} />
              {lensOf?.(name, value) && (
                <Link className="lens-link" href={lensOf(name, value)!} title={`The entity lens of this ${name}`}>
                  lens
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
