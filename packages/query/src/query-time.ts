// The time a query covers: its range from time_range / start_time / end_time, and the
// size of its series buckets (round sizes by default, so chart times read as round times).
import type { QuerySpec } from './query-spec.ts';
import { QueryError } from './query-error.ts';
import { queryWindow } from './time-window.ts';

/** A chart without a stated granularity gets at most this many points. */
export const TARGET_POINTS = 100;
export const MAX_BUCKETS = 1000;
/** Bucket sizes a default granularity rounds up to. */
const ROUND_GRANULARITIES = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export interface QueryTime {
  /** Inclusive start and exclusive end, µs since the epoch. */
  startUs: number;
  endUs: number;
  granularitySeconds: number;
}

export function resolveQueryTime(spec: QuerySpec, now: Date): QueryTime {
  const { startUs, endUs } = resolveTimeRange(spec, now);
  const rangeSeconds = (endUs - startUs) / 1e6;
  const granularitySeconds = spec.granularity ?? defaultGranularity(rangeSeconds);
  if (granularitySeconds > rangeSeconds) {
    throw new QueryError('granularity', `${granularitySeconds}s is longer than the ${rangeSeconds}s time range`);
  }
  if (rangeSeconds / granularitySeconds > MAX_BUCKETS) {
    throw new QueryError(
      'granularity',
      `${granularitySeconds}s makes ${Math.ceil(rangeSeconds / granularitySeconds)} buckets over the ${rangeSeconds}s time range; at most ${MAX_BUCKETS} are allowed`,
    );
  }
  return { startUs, endUs, granularitySeconds };
}

/** The smallest round bucket size that keeps the chart at or under TARGET_POINTS. */
function defaultGranularity(rangeSeconds: number): number {
  const wanted = rangeSeconds / TARGET_POINTS;
  return ROUND_GRANULARITIES.find((g) => g >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
}

function resolveTimeRange(spec: QuerySpec, now: Date): { startUs: number; endUs: number } {
  const { start_time: start, end_time: end, time_range: range } = spec;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (start !== undefined && end !== undefined && range !== undefined && end - start !== range) {
    throw new QueryError('time_range', `${range}s contradicts start_time and end_time, which are ${end - start}s apart`);
  }
  const { start: from, end: to } = queryWindow(spec, nowSeconds);
  if (to <= from) throw new QueryError(end !== undefined ? 'end_time' : 'start_time', `the time range ends (${to}) before it starts (${from})`);
  return { startUs: from * 1e6, endUs: to * 1e6 };
}
