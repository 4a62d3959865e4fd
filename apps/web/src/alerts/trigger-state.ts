// What a trigger's alert states say, in words. The API keys each state by its group's
// breakdown values as JSON (`[]` without breakdowns, `["eu"]` with one).

/** `ok`, `triggered`, or `triggered: eu, us` (a group of several breakdowns as `eu / web`). */
export function triggerStateText(states: Record<string, string>): string {
  const groups = Object.entries(states)
    .filter(([, state]) => state === 'triggered')
    .map(([key]) => groupText(key));
  if (groups.length === 0) return 'ok';
  const named = groups.filter((group) => group !== '');
  return named.length === 0 ? 'triggered' : `triggered: ${named.join(', ')}`;
}

function groupText(key: string): string {
  try {
    const values: unknown = JSON.parse(key);
    if (Array.isArray(values)) return values.map((v) => (v === null ? '(none)' : String(v))).join(' / ');
  } catch {
    // Not JSON: shown as it is.
  }
  return key;
}
