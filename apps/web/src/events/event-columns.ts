// Which fields the raw events table shows when the user has chosen none: the ones people
// read first, when present, then the most common others.

const PREFERRED = ['timestamp', 'service.name', 'name', 'duration_ms', 'http.route', 'http.status_code', 'error', 'trace.trace_id'];
// Plumbing that says little on its own; still shown when an event is expanded.
const SKIPPED = /^(trace\.span_id|trace\.parent_id|meta\.)/;

export function defaultEventColumns(events: readonly Record<string, unknown>[], count = 8): string[] {
  const seen = new Map<string, number>();
  for (const event of events) for (const key of Object.keys(event)) seen.set(key, (seen.get(key) ?? 0) + 1);
  const chosen = PREFERRED.filter((c) => seen.has(c));
  const others = [...seen.entries()]
    .filter(([key]) => !chosen.includes(key) && !SKIPPED.test(key))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => key);
  return [...chosen, ...others].slice(0, Math.max(count, chosen.length));
}

/** Every field of an event, by name, for the expanded view. */
export function eventFields(event: Record<string, unknown>): [string, unknown][] {
  return Object.entries(event)
    .filter(([, value]) => value !== null && value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
}
