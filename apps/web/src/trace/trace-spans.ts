// The one facade between the trace API's wide events and the waterfall: spans with their
// times in microseconds, and span events (exceptions, logs) and links attached to their
// span as markers. Telemetry is untrusted, so every field is read defensively.

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
  name: string;
  service: string;
  startUs: number;
  durationUs: number;
  error: boolean;
  markers: SpanMarker[];
  fields: Record<string, unknown>;
}

/** Microseconds from an ISO 8601 string (keeping sub-millisecond digits) or a number. */
export function toMicros(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Seconds, milliseconds or microseconds since the epoch, told apart by magnitude.
    if (value < 1e11) return value * 1e6;
    if (value < 1e14) return value * 1e3;
    return value;
  }
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  const fraction = /\.(\d+)/.exec(value)?.[1] ?? '';
  const micros = Number((fraction + '000000').slice(3, 6));
  return ms * 1000 + micros;
}

function eventTime(event: Record<string, unknown>): number | null {
  for (const key of ['timestamp', 'time', 'Timestamp']) {
    const us = toMicros(event[key]);
    if (us !== null) return us;
  }
  return null;
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function isError(event: Record<string, unknown>): boolean {
  const error = event.error;
  if (error === true || error === 'true' || error === 1) return true;
  const status = text(event.status_code ?? event['otel.status_code']).toUpperCase();
  return status === 'ERROR' || status === '2';
}

export function spansFromEvents(events: readonly Record<string, unknown>[]): TraceSpan[] {
  const spans: TraceSpan[] = [];
  const markers: { parentId: string; marker: SpanMarker }[] = [];
  for (const event of events) {
    const timeUs = eventTime(event);
    if (timeUs === null) continue;
    const annotation = text(event['meta.annotation_type']);
    if (annotation === 'span_event' || annotation === 'link') {
      const parentId = text(event['trace.parent_id']);
      if (parentId) markers.push({ parentId, marker: { timeUs, name: text(event.name) || annotation, kind: annotation, fields: event } });
      continue;
    }
    const spanId = text(event['trace.span_id']);
    if (!spanId) continue;
    const durationMs = Number(event.duration_ms);
    spans.push({
      spanId,
      parentId: text(event['trace.parent_id']) || null,
      name: text(event.name) || '(unnamed)',
      service: text(event['service.name']) || '(unknown service)',
      startUs: timeUs,
      durationUs: Number.isFinite(durationMs) && durationMs > 0 ? durationMs * 1000 : 0,
      error: isError(event),
      markers: [],
      fields: event,
    });
  }
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (const { parentId, marker } of markers) byId.get(parentId)?.markers.push(marker);
  for (const span of spans) span.markers.sort((a, b) => a.timeUs - b.timeUs);
  return spans;
}

/** `850µs`, `12.3ms`, `1.24s`: span durations at the precision that matters. */
export function formatDurationUs(us: number): string {
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${Number((us / 1000).toPrecision(3))}ms`;
  return `${Number((us / 1_000_000).toPrecision(3))}s`;
}
