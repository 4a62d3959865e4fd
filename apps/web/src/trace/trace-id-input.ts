// What a user pastes into the trace search: a bare trace id, or a whole W3C `traceparent`
// header (`00-<trace id>-<span id>-01`), which also names the span to select.

export function parseTraceInput(text: string): { traceId: string; spanId: string | null } | null {
  const trimmed = text.trim();
  const traceparent = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/i.exec(trimmed);
  if (traceparent) return { traceId: traceparent[1].toLowerCase(), spanId: traceparent[2].toLowerCase() };
  return trimmed ? { traceId: trimmed, spanId: null } : null;
}
