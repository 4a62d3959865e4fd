// Did an entity's last window change against its own recent past? Rate, error ratio and
// P50/P95/P99 latency of the window are compared with the trailing windows' median and
// MAD, floored by the noise that counting alone makes (Poisson for rates, binomial for
// ratios), and with the same window a day before when there is one. The thresholds are
// the watcher's own: a change must stand far outside the noise *and* be large enough to
// matter, and a window must hold enough events to tell; nobody configures them.
import { median, scaledMad } from './robust-stats.ts';

/** One window of one entity: sample-rate-weighted counts, and how many events (traces) they came from. */
export interface WindowStats {
  /** Unix seconds of the window's start. */
  start: number;
  /** Events, each weighted by its sample rate. */
  count: number;
  /** Events as stored (for roots, distinct traces): the evidence behind `count`. */
  events: number;
  /** Failed events, weighted as `count`. */
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export type Metric = 'rate' | 'error_ratio' | 'p50' | 'p95' | 'p99';
export type ChangeKind = 'volume' | 'errors' | 'latency' | 'new_value';
export const KIND_OF: Record<Metric, ChangeKind> = { rate: 'volume', error_ratio: 'errors', p50: 'latency', p95: 'latency', p99: 'latency' };

export interface MetricChange {
  metric: Metric;
  direction: 'up' | 'down';
  /** The trailing baseline's value (median, or pooled ratio). */
  baseline: number;
  current: number;
  /** How many noise scales the window stands from the baseline. */
  score: number;
}

/** Distance from the baseline, in noise scales, for a change to count. */
export const MIN_SCORE = 5;
/** Trailing windows with events needed before anything is compared. */
export const MIN_BASELINE_WINDOWS = 5;
/** Events a window needs for its rate and error ratio to count. */
export const MIN_EVENTS = 20;
/** Failed events (as stored) an error change needs. */
export const MIN_FAILED_EVENTS = 5;
/** Rate changes are at least a doubling or a halving. */
export const RATE_FACTOR = 2;
/** Latency changes are at least this factor. */
export const LATENCY_FACTOR = 1.5;
/** The error ratio rises by at least this much (absolute). */
export const MIN_ERROR_RISE = 0.05;
/** Events a percentile needs: enough that a few land beyond it. */
export const MIN_EVENTS_FOR: Record<'p50' | 'p95' | 'p99', number> = { p50: 20, p95: 40, p99: 200 };
/** A latency's noise scale is at least this share of its median: a steady service still varies a little. */
const LATENCY_NOISE_FLOOR = 0.1;

/** The mean sample rate behind the windows: a weighted count's Poisson noise grows with it. */
function meanWeight(windows: readonly WindowStats[]): number {
  const events = windows.reduce((sum, w) => sum + w.events, 0);
  return events > 0 ? windows.reduce((sum, w) => sum + w.count, 0) / events : 1;
}

function rateChange(current: WindowStats, trailing: readonly WindowStats[], yesterday: WindowStats | null): MetricChange | null {
  const counts = trailing.map((w) => w.count);
  const centre = median(counts);
  const typicalEvents = median(trailing.map((w) => w.events));
  const weight = meanWeight([...trailing, current]);
  const scale = Math.max(scaledMad(counts, centre), Math.sqrt(Math.max(centre, 1) * weight), 0.1 * centre);
  const score = (current.count - centre) / scale;
  const up = current.events >= MIN_EVENTS && typicalEvents >= MIN_EVENTS / 4 && current.count >= RATE_FACTOR * centre;
  // A drop needs a baseline busy enough that its absence is evidence.
  const down = typicalEvents >= MIN_EVENTS && current.count <= centre / RATE_FACTOR;
  if (!(up || down) || Math.abs(score) < MIN_SCORE) return null;
  // Yesterday at this time (when there was traffic) must disagree as well: a daily rush is no change.
  if (yesterday && yesterday.events >= MIN_EVENTS && (up ? current.count < RATE_FACTOR * yesterday.count : current.count > yesterday.count / RATE_FACTOR))
    return null;
  return { metric: 'rate', direction: up ? 'up' : 'down', baseline: centre, current: current.count, score: Math.abs(score) };
}

function errorChange(current: WindowStats, trailing: readonly WindowStats[], yesterday: WindowStats | null): MetricChange | null {
  if (current.events < MIN_EVENTS || current.count <= 0) return null;
  const weight = meanWeight([current]);
  if (current.errors / weight < MIN_FAILED_EVENTS) return null;
  const total = trailing.reduce((sum, w) => sum + w.count, 0);
  const events = trailing.reduce((sum, w) => sum + w.events, 0);
  if (events < MIN_EVENTS) return null;
  // Pooled over the baseline: steadier than a median of small windows' ratios; never quite 0.
  const base = Math.max(trailing.reduce((sum, w) => sum + w.errors, 0) / total, 1 / events);
  const ratios = trailing.filter((w) => w.events >= MIN_EVENTS).map((w) => w.errors / w.count);
  const ratio = current.errors / current.count;
  const scale = Math.max(Math.sqrt((base * (1 - base)) / current.events), ratios.length >= MIN_BASELINE_WINDOWS ? scaledMad(ratios) : 0);
  const score = (ratio - base) / scale;
  if (score < MIN_SCORE || ratio - base < MIN_ERROR_RISE || ratio < 2 * base) return null;
  if (yesterday && yesterday.events >= MIN_EVENTS && ratio - yesterday.errors / yesterday.count < MIN_ERROR_RISE) return null;
  return { metric: 'error_ratio', direction: 'up', baseline: base, current: ratio, score };
}

function latencyChange(
  metric: 'p50' | 'p95' | 'p99',
  current: WindowStats,
  trailing: readonly WindowStats[],
  yesterday: WindowStats | null,
): MetricChange | null {
  const value = current[metric];
  if (value === null || current.events < MIN_EVENTS_FOR[metric]) return null;
  const values = trailing.filter((w) => w.events >= MIN_EVENTS_FOR[metric] && w[metric] !== null).map((w) => w[metric]!);
  if (values.length < MIN_BASELINE_WINDOWS) return null;
  const centre = median(values);
  const scale = Math.max(scaledMad(values, centre), LATENCY_NOISE_FLOOR * centre, 1);
  const score = (value - centre) / scale;
  // Faster is no incident: only slower is reported.
  if (score < MIN_SCORE || value < LATENCY_FACTOR * centre) return null;
  const before = yesterday?.[metric];
  if (yesterday && yesterday.events >= MIN_EVENTS_FOR[metric] && before != null && value < LATENCY_FACTOR * before) return null;
  return { metric, direction: 'up', baseline: centre, current: value, score };
}

/**
 * The changes of `current` against `trailing` (the windows just before it, oldest first;
 * windows without events included as zero counts) and `yesterday` (the same window a day
 * earlier, or null). Nothing when the baseline holds too few windows with events.
 */
export function detectChanges(current: WindowStats, trailing: readonly WindowStats[], yesterday: WindowStats | null): MetricChange[] {
  if (trailing.filter((w) => w.events > 0).length < MIN_BASELINE_WINDOWS) return [];
  const changes = [
    rateChange(current, trailing, yesterday),
    errorChange(current, trailing, yesterday),
    ...(['p50', 'p95', 'p99'] as const).map((metric) => latencyChange(metric, current, trailing, yesterday)),
  ];
  return changes.filter((change): change is MetricChange => change !== null);
}
