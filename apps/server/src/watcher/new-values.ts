// New values of low-cardinality fields: a `service.version`, an `app.version`, an
// `exception.type` never seen before is a change in itself. A field that has no values yet
// has nothing to be new against, and a field that grows several values at once is not
// low-cardinality (an id in disguise): neither reports anything.

/** Fields whose new values are changes, where a dataset has them. */
export const WATCHED_FIELDS = ['service.version', 'app.version', 'exception.type', 'deployment.environment.name', 'feature_flag.result.variant'] as const;

/** Events (for spans, traces) a new value needs in its window before it counts. */
export const MIN_NEW_VALUE_EVENTS = 5;
/** More new values than this in one window: the field is not low-cardinality. */
export const MAX_NEW_VALUES = 3;

export interface ValueSighting {
  value: string;
  /** Events (traces where there are any) showing the value in the window. */
  events: number;
}

/** The values of `current` that `seen` lacks and that have enough evidence; the busiest first. */
export function newValues(seen: ReadonlySet<string>, current: readonly ValueSighting[]): ValueSighting[] {
  if (seen.size === 0) return [];
  const unseen = current.filter((sighting) => !seen.has(sighting.value));
  if (unseen.length > MAX_NEW_VALUES) return [];
  return unseen.filter((sighting) => sighting.events >= MIN_NEW_VALUE_EVENTS).sort((a, b) => b.events - a.events || a.value.localeCompare(b.value));
}
