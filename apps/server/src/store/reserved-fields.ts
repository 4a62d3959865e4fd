// Core and semantic-convention fields: what makes a span a span, a log a log, and what
// traces, the service map, vendor scorecards, the change ledger and the entity lens read.
// They always get a column of their own, even in a dataset at its column limit and past
// a request's new-column limit, so no flood of other fields can push them into
// `meta.overflow` and make a service untraceable.

const RESERVED_FIELDS: ReadonlySet<string> = new Set([
  // spans (normalize-spans.ts), span events and links
  'service.name',
  'service.version',
  'trace.trace_id',
  'trace.span_id',
  'trace.parent_id',
  'trace.trace_state',
  'trace.link.trace_id',
  'trace.link.span_id',
  'name',
  'span.kind',
  'type',
  'span.num_events',
  'span.num_links',
  'parent_name',
  'duration_ms',
  'status_code',
  'status_message',
  'error',
  'library.name',
  'library.version',
  // log records (normalize-logs.ts)
  'severity',
  'severity_number',
  'body',
  'event.name',
  // what flows, changes and the entity lens read
  'http.route',
  'http.request.method',
  'http.response.status_code',
  'url.full',
  'server.address',
  'server.port',
  'peer.service',
  'messaging.destination.name',
  'messaging.operation.type',
  'vendor.name',
  'vendor.operation',
  'vendor.outcome',
  'vendor.fallback',
  'vendor.fallback_reason',
  'feature_flag.key',
  'feature_flag.result.variant',
  'feature_flag.result.reason',
  'app.version',
  'user.id',
  'session.id',
  // Flashlight's own
  'meta.signal_type',
  'meta.annotation_type',
  'meta.overflow',
]);

/** A reserved field's companion holds the values its type could not (field-values.ts). */
const COMPANION = /::(string|integer|float|boolean)$/;

/** Whether a field always gets a column (see above): a reserved field, or its companion. */
export function isReservedField(name: string): boolean {
  return RESERVED_FIELDS.has(name) || (COMPANION.test(name) && RESERVED_FIELDS.has(name.replace(COMPANION, '')));
}
