// A trace's events arranged for the waterfall: spans in depth-first order (children by
// start time) with their parent/child links, span events and links attached to their
// span, and a summary. Pure: the reading happens in get-trace.ts.
import type { FieldValue } from '../events/wide-event.ts';
import { STATUS_CODE_ERROR } from '../events/span-status.ts';
import type { TraceAnnotation, TraceSpan, TraceSummary, Trace } from '@flashlight/api';
export type { TraceAnnotation, TraceSpan, TraceSummary, Trace };

export interface TraceEvent {
  dataset: string;
  timeUs: number;
  fields: Record<string, FieldValue>;
}

const text = (value: FieldValue | undefined): string | null => (value === undefined ? null : String(value));

function isError(fields: Record<string, FieldValue>): boolean {
  return fields.error === true || fields.status_code === STATUS_CODE_ERROR;
}

export function buildTrace(traceId: string, events: readonly TraceEvent[], truncated = false): Trace | null {
  const spans = new Map<string, TraceSpan>();
  const annotations: TraceEvent[] = [];
  for (const event of events) {
    const { fields } = event;
    const type = fields['meta.annotation_type'];
    // Span events and links name their span in trace.parent_id; a log record written
    // inside a span names it in trace.span_id. All three annotate the span, never replace it.
    if (type === 'span_event' || type === 'link' || fields['meta.signal_type'] === 'log') {
      annotations.push(event);
      continue;
    }
    const spanId = text(fields['trace.span_id']);
    if (spanId === null) continue;
    spans.set(spanId, {
      spanId,
      parentId: text(fields['trace.parent_id']),
      parentMissing: false,
      name: text(fields.name),
      service: text(fields['service.name']),
      dataset: event.dataset,
      startUs: event.timeUs,
      durationMs: typeof fields.duration_ms === 'number' ? fields.duration_ms : 0,
      error: isError(fields),
      depth: 0,
      childIds: [],
      events: [],
      links: [],
      fields,
    });
  }
  if (spans.size === 0) return null;

  for (const annotation of annotations.sort((a, b) => a.timeUs - b.timeUs)) {
    const isLog = annotation.fields['meta.signal_type'] === 'log';
    const span = spans.get(text(annotation.fields[isLog ? 'trace.span_id' : 'trace.parent_id']) ?? '');
    if (!span) continue;
    const entry = { timeUs: annotation.timeUs, name: text(annotation.fields.name), fields: annotation.fields };
    (annotation.fields['meta.annotation_type'] === 'link' ? span.links : span.events).push(entry);
  }

  const byStart = [...spans.values()].sort((a, b) => a.startUs - b.startUs || a.spanId.localeCompare(b.spanId));
  const roots: TraceSpan[] = [];
  for (const span of byStart) {
    const parent = span.parentId === null ? undefined : spans.get(span.parentId);
    if (parent) parent.childIds.push(span.spanId);
    else {
      span.parentMissing = span.parentId !== null;
      roots.push(span);
    }
  }

  // Depth first without recursion (telemetry can nest deeper than the stack). Spans whose
  // parents form a cycle are reached from no root; the earliest of them becomes one.
  const ordered: TraceSpan[] = [];
  const visited = new Set<string>();
  const visit = (start: TraceSpan) => {
    const stack: [TraceSpan, number][] = [[start, 0]];
    while (stack.length > 0) {
      const [span, depth] = stack.pop()!;
      if (visited.has(span.spanId)) continue;
      visited.add(span.spanId);
      span.depth = depth;
      ordered.push(span);
      for (const childId of [...span.childIds].reverse()) stack.push([spans.get(childId)!, depth + 1]);
    }
  };
  roots.forEach(visit);
  for (const span of byStart) {
    if (visited.has(span.spanId)) continue;
    roots.push(span);
    visit(span);
  }

  const root = roots.find((span) => span.parentId === null) ?? roots[0];
  const startUs = byStart[0].startUs;
  const endUs = byStart.reduce((end, span) => Math.max(end, span.startUs + span.durationMs * 1000), startUs);
  return {
    summary: {
      traceId,
      rootSpanId: root.spanId,
      rootName: root.name,
      rootService: root.service,
      startUs,
      durationMs: (endUs - startUs) / 1000,
      services: [...new Set(byStart.flatMap((span) => (span.service === null ? [] : [span.service])))].sort(),
      spanCount: spans.size,
      errorCount: byStart.filter((span) => span.error).length,
      truncated,
    },
    spans: ordered,
  };
}
