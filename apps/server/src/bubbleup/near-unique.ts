// Columns that are unique per event or per process: trace and span ids, request ids and
// timestamps written as text take a new value almost every event; process ids, thread ids
// and ephemeral ports take one per process or connection. Whatever a selection is, they
// differ between it and the rest without saying why, so BubbleUp lists them only on request.

/**
 * A string column with at least this many distinct values per event carrying it is unique
 * per event: most of its values are seen once or twice.
 */
export const NEAR_UNIQUE_SHARE = 0.5;

/**
 * Fields named by the OpenTelemetry semantic conventions (and their older spellings) for a
 * process, a thread or a client's end of a connection; and numbers that are points in time.
 * Numeric columns are cut into ranges, so their distinct values say nothing: a duration is
 * as distinct per event as a timestamp, yet it is what BubbleUp is for.
 */
const PER_PROCESS = /(^|\.)(pid|parent_pid|ppid)$|^thread\.id$|^(client|source|net\.sock\.peer)\.port$/;
const POINT_IN_TIME = /(^|[._])(timestamp|time_unix_nano|start_time_unix_nano|end_time_unix_nano)$|_at$/;

/** @param strings a string column's distinct values and events with a value in the rows read; null for other columns */
export function isNearUnique(field: string, strings: { distinct: number; present: number } | null): boolean {
  if (PER_PROCESS.test(field) || POINT_IN_TIME.test(field)) return true;
  return strings !== null && strings.present > 0 && strings.distinct >= NEAR_UNIQUE_SHARE * strings.present;
}
