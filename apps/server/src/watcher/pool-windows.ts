// Quiet entities: at a few checkouts a minute, no minute holds the events a change needs to
// count (detect-change.ts), so such an entity is also judged over five minutes at a time.
// Counts of a pool are its minutes' sums (exact); its percentiles are the middle of its
// minutes' percentiles weighted by their events (the minutes' percentiles are what the
// watcher keeps). The last pool is compared, by the same detectChanges, with the pools of
// the baseline that end before it begins.
import { median } from './robust-stats.ts';
import { MIN_EVENTS, type WindowStats } from './detect-change.ts';

/** Minutes pooled for a quiet entity. */
export const POOL_WINDOWS = 5;

const MINUTE = 60;

/** Whether an entity's minutes typically hold too few events for a change to count. */
export const isQuiet = (trailing: readonly WindowStats[]) => trailing.length > 0 && median(trailing.map((w) => w.events)) < MIN_EVENTS;

/** The value below which half the events' weight lies. */
function weightedMedian(points: Array<{ value: number; weight: number }>): number | null {
  const sorted = points.filter((p) => p.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, p) => sum + p.weight, 0);
  let seen = 0;
  for (const p of sorted) if ((seen += p.weight) >= total / 2) return p.value;
  return null;
}

/** The pool of the minutes [end - (POOL_WINDOWS - 1) minutes, end]; minutes without events count as zero. */
export function poolOf(windows: ReadonlyMap<number, WindowStats>, end: number): WindowStats {
  const start = end - (POOL_WINDOWS - 1) * MINUTE;
  const minutes = Array.from({ length: POOL_WINDOWS }, (_, i) => windows.get(start + i * MINUTE)).filter((w) => w !== undefined);
  const sum = (key: 'count' | 'events' | 'errors') => minutes.reduce((total, w) => total + w[key], 0);
  const percentile = (key: 'p50' | 'p95' | 'p99') => weightedMedian(minutes.filter((w) => w[key] !== null).map((w) => ({ value: w[key]!, weight: w.events })));
  return { start, count: sum('count'), events: sum('events'), errors: sum('errors'), p50: percentile('p50'), p95: percentile('p95'), p99: percentile('p99') };
}

/**
 * The pool ending with `current`, and the baseline's pools: one ending at each trailing
 * minute (oldest first) that lies wholly after `first` (the entity's first events) and ends
 * before both the current pool and `baselineEnd` begin.
 */
export function pooledWindows(
  windows: ReadonlyMap<number, WindowStats>,
  current: number,
  trailingStarts: readonly number[],
  baselineEnd: number,
  first: number,
): { current: WindowStats; trailing: WindowStats[] } {
  const before = Math.min(baselineEnd, current - (POOL_WINDOWS - 1) * MINUTE);
  const trailing = trailingStarts.filter((end) => end + MINUTE <= before && end - (POOL_WINDOWS - 1) * MINUTE >= first).map((end) => poolOf(windows, end));
  return { current: poolOf(windows, current), trailing };
}

/** A per-minute window (yesterday's) scaled to a pool's length. */
export const asPool = (w: WindowStats): WindowStats => ({
  ...w,
  count: w.count * POOL_WINDOWS,
  events: w.events * POOL_WINDOWS,
  errors: w.errors * POOL_WINDOWS,
});
