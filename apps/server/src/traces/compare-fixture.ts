// Small traces for the comparison's table tests, written as one line per span.
import type { FieldValue } from '../events/wide-event.ts';
import { buildTrace, type Trace } from './trace-tree.ts';

/** [span id, parent id, service, name, start ms, duration ms, other fields]. */
export type SpanLine = [string, string | null, string, string, number, number, Record<string, FieldValue>?];

export function traceOf(traceId: string, lines: readonly SpanLine[]): Trace {
  const events = lines.map(([spanId, parentId, service, name, startMs, durationMs, fields]) => ({
    dataset: service,
    timeUs: 1_700_000_000_000_000 + startMs * 1000,
    fields: {
      'trace.trace_id': traceId,
      'trace.span_id': spanId,
      ...(parentId === null ? {} : { 'trace.parent_id': parentId }),
      'service.name': service,
      name,
      duration_ms: durationMs,
      ...fields,
    },
  }));
  return buildTrace(traceId, events)!;
}
