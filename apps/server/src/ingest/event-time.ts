// Event times arrive as RFC 3339 strings (with up to nanosecond fractions) or as Unix
// seconds; the store keeps microseconds. A time without a zone (Python's naive
// `isoformat()`, with `T` or a space) is UTC, as Honeycomb reads it, never server-local.

/** Microseconds since the epoch, or null when the text is not a time. */
export function parseEventTimeUs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 1e6) : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = withZone(value.trim());
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1e6);
  // Date.parse keeps milliseconds only; take the sub-millisecond digits ourselves.
  const fraction = /\.(\d+)/.exec(text);
  const ms = Date.parse(fraction ? text.replace(fraction[0], '.' + fraction[1].slice(0, 3).padEnd(3, '0')) : text);
  if (Number.isNaN(ms)) return null;
  const subMs = fraction ? Number(fraction[1].slice(3, 6).padEnd(3, '0')) : 0;
  return ms * 1000 + subMs;
}

const ZONELESS = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/;

function withZone(text: string): string {
  const zoneless = ZONELESS.exec(text);
  return zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : text;
}
