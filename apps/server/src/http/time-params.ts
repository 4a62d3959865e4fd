// The time of a GET request in its query string, as the QuerySpec names it: `time_range`
// (seconds back from now) or `start_time`/`end_time` (unix seconds).
import { HttpError } from './http-error.ts';

export interface TimeParams {
  time_range?: number;
  start_time?: number;
  end_time?: number;
}

/** The time parameters given (an empty one counts as absent); a value that is not a number answers 400. */
export function timeParams(query: Record<string, string | undefined>): TimeParams {
  const time: TimeParams = {};
  for (const name of ['time_range', 'start_time', 'end_time'] as const) {
    const raw = query[name];
    if (raw === undefined || raw === '') continue;
    const seconds = Number(raw);
    if (!Number.isFinite(seconds)) throw new HttpError(400, `${name} must be a number of seconds, not ${JSON.stringify(raw)}`);
    time[name] = seconds;
  }
  return time;
}
