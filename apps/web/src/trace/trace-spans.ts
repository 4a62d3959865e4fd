// The one facade between the trace API's answer and the waterfall: spans with times in
// microseconds, their span events (exceptions, logs) and links as time-ordered markers.
import type { TraceResponse } from '../api/client.ts';

export interface SpanMarker {
  /** Microseconds since the epoch. */
  timeUs: number;
  name: string;
  kind: 'span_event' | 'link';
  fields: Record<string, unknown>;
}

export interface TraceSpan {
  spanId: string;
  parentId: string | null;
  /** The span names a parent that is not in the trace: instrumentation is missing or lost. */
  parentMissing: boolean;
  name: string;
  service: string;
  /** The dataset the span is stored in. */
  dataset: string;
  startUs: number;
  durationUs: number;
  error: boolean;
  markers: SpanMarker[];
  fields: Record<string, unknown>;
}

export function spansFromTrace(trace: TraceResponse): TraceSpan[] {
  return trace.spans.map((span) => ({
    spanId: span.spanId,
    parentId: span.parentId,
    parentMissing: span.parentMissing,
    name: span.name ?? '(unnamed)',
    service: span.service ?? '(unknown service)',
    dataset: span.dataset,
    startUs: span.startUs,
    durationUs: Math.max(0, span.durationMs * 1000),
    error: span.error,
    markers: [
      ...span.events.map((e) => ({ timeUs: e.timeUs, name: e.name ?? 'event', kind: 'span_event' as const, fields: e.fields })),
      ...span.links.map((l) => ({ timeUs: l.timeUs, name: l.name ?? 'link', kind: 'link' as const, fields: l.fields })),
    ].sort((a, b) => a.timeUs - b.timeUs),
    fields: span.fields,
  }));
}

/** `850µs`, `12.3ms`, `1.24s`: span durations at the precision that matters. */
export function formatDurationUs(us: number): string {
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${Number((us / 1000).toPrecision(3))}ms`;
  return `${Number((us / 1_000_000).toPrecision(3))}s`;
}
