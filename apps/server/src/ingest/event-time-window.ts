// The times an event may carry. An event far in the past or future (year 1, year 9999,
// OTLP's 2^64 - 1) would be stored where no query, export or retention ever reaches it,
// so it is refused one by one, with the window in the answer. The window runs from the
// epoch (0 is OTLP's "no time"), or `--max-event-age` / `--retention` back when set, to
// `--max-event-future` ahead (a day by default, for clocks that run ahead).

const DAY_MS = 86_400_000;

export interface EventTimeLimits {
  /** How far back an event may be, in ms; unset: back to the epoch. */
  maxEventAge?: number;
  /** How far ahead an event may be, in ms; unset: a day. */
  maxEventFuture?: number;
  /** Events older than this are dropped anyway, in ms. */
  retention?: number;
}

export class EventTimeWindow {
  /** Exclusive lower and inclusive upper bound, in µs since the epoch. */
  readonly afterUs: number;
  readonly untilUs: number;
  /** When the events arrived, in µs since the epoch: the time of an event that carries none. */
  readonly nowUs: number;

  constructor(nowMs: number, limits: EventTimeLimits = {}) {
    this.nowUs = nowMs * 1000;
    const ages = [limits.maxEventAge, limits.retention].filter((age): age is number => age !== undefined);
    this.afterUs = Math.max(0, ...ages.map((age) => (nowMs - age) * 1000));
    this.untilUs = (nowMs + (limits.maxEventFuture ?? DAY_MS)) * 1000;
  }

  /** Why an event at this time is refused, or null when it is inside the window. */
  problem(timeUs: number, what = 'time'): string | null {
    if (timeUs > this.afterUs && timeUs <= this.untilUs) return null;
    return `${what} ${describeTime(timeUs)} is outside the accepted window, after ${describeTime(this.afterUs)} until ${describeTime(this.untilUs)}`;
  }
}

function describeTime(timeUs: number): string {
  const date = new Date(timeUs / 1000);
  return Number.isNaN(date.getTime()) ? `${timeUs} µs since the epoch` : date.toISOString();
}
