// The window a QuerySpec's time names, by Honeycomb's rules, for the compiler and the UI
// alike: start and end as given; one of them with `time_range` from it; neither, the
// last `time_range` up to now. `time_range` defaults to two hours.

/** Honeycomb's default when a query names no time at all. */
export const DEFAULT_TIME_RANGE_SECONDS = 2 * 60 * 60;

export interface TimeWindow {
  /** Unix seconds, inclusive. */
  start: number;
  /** Unix seconds, exclusive. */
  end: number;
}

/** The window at `nowSeconds`; checking that it makes sense is the caller's part. */
export function queryWindow(time: { start_time?: number; end_time?: number; time_range?: number }, nowSeconds: number): TimeWindow {
  const { start_time: start, end_time: end, time_range: range = DEFAULT_TIME_RANGE_SECONDS } = time;
  if (start !== undefined && end !== undefined) return { start, end };
  if (start !== undefined) return { start, end: start + range };
  if (end !== undefined) return { start: end - range, end };
  return { start: nowSeconds - range, end: nowSeconds };
}
