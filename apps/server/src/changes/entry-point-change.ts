// Which entry points moved between two windows: a regression on one endpoint hides in
// the P50 over all spans, but stands out in its own numbers. An entry point moved when its
// latency, error rate or rate changed by more than ordinary noise, with enough events on
// both sides to tell.
import type { WindowNumbers, MovedNumber, EntryPointChange } from '@flashlight/api';
export type { WindowNumbers, MovedNumber, EntryPointChange };

/** Events each window needs before its numbers are compared. */
export const MIN_EVENTS = 10;
/** Latency and rate move when they change by at least this share of the before-window's. */
export const RELATIVE_CHANGE = 0.2;
/** The error rate moves when it changes by at least this many (absolute, 0 to 1). */
export const ERROR_RATE_CHANGE = 0.05;

function moved(before: WindowNumbers | null, after: WindowNumbers | null): MovedNumber[] {
  const [b, a] = [before?.count ?? 0, after?.count ?? 0];
  if (b < MIN_EVENTS && a < MIN_EVENTS) return [];
  // An entry point that appeared or vanished moved in rate.
  if (b < MIN_EVENTS || a < MIN_EVENTS) return ['rate'];
  const relative = (x: number | null, y: number | null) => x !== null && y !== null && Math.abs(y - x) >= RELATIVE_CHANGE * Math.abs(x) && x !== y;
  const changes: MovedNumber[] = [];
  if (relative(before!.rate, after!.rate)) changes.push('rate');
  const [eb, ea] = [before!.error_rate, after!.error_rate];
  if (eb !== null && ea !== null && Math.abs(ea - eb) >= ERROR_RATE_CHANGE) changes.push('error_rate');
  if (relative(before!.p50_duration_ms, after!.p50_duration_ms)) changes.push('p50_duration_ms');
  if (relative(before!.p99_duration_ms, after!.p99_duration_ms)) changes.push('p99_duration_ms');
  return changes;
}

/**
 * Every entry point of either window, those that moved first, then the busiest.
 * @param comparable false while a window has no time passed yet: nothing can have moved
 */
export function entryPointsMoved(before: ReadonlyMap<string, WindowNumbers>, after: ReadonlyMap<string, WindowNumbers>, comparable = true): EntryPointChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const busy = (change: EntryPointChange) => (change.before?.count ?? 0) + (change.after?.count ?? 0);
  return names
    .map((name): EntryPointChange => {
      const [b, a] = [before.get(name) ?? null, after.get(name) ?? null];
      return { name, before: b, after: a, moved: comparable ? moved(b, a) : [] };
    })
    .sort((x, y) => Number(y.moved.length > 0) - Number(x.moved.length > 0) || busy(y) - busy(x) || x.name.localeCompare(y.name));
}
