// Bounds how long ingest requests wait, not only how much memory they hold. Two signs
// that the server is falling behind make it refuse new requests at once with 429 +
// Retry-After instead of letting a queue grow: the median request in flight has waited
// longer than `maxWaitMs` (the median, so one slow upload does not shut ingest), or the
// event loop runs later than `maxLoopLagMs` (requests then wait before any handler
// sees them).
import { HttpError } from '../http/http-error.ts';
import type { EventLoopLag } from './event-loop-lag.ts';

/** Runs `work` when ingest keeps up; refuses it with 429 when it does not. Any transport calls it. */
export interface IngestAdmission {
  <T>(work: () => Promise<T>): Promise<T>;
  /** The 429 a request arriving now would get, or null when it would be let in. */
  refusal(): HttpError | null;
}

export function ingestAdmission(options: { maxWaitMs: number; maxLoopLagMs: number; loopLag: EventLoopLag; now?: () => number }): IngestAdmission {
  const now = options.now ?? Date.now;
  /** Start times of requests in flight, oldest first (a Map keeps insertion order). */
  const inFlight = new Map<symbol, number>();
  const seconds = Math.max(1, Math.ceil(options.maxWaitMs / 1000));

  /** The median wait counting the arriving request (which waited 0) among those in flight. */
  const medianWaitMs = (at: number): number => {
    const middle = Math.floor((inFlight.size + 1) / 2);
    let i = 0;
    for (const started of inFlight.values()) if (i++ === middle) return at - started;
    return 0;
  };

  const refusalAt = (at: number): HttpError | null => {
    if (options.loopLag.ms > options.maxLoopLagMs) {
      return new HttpError(
        429,
        `ingest is behind: the server is saturated (its event loop runs ${Math.round(options.loopLag.ms)} ms late); retry in ${seconds}s`,
        { 'retry-after': String(seconds) },
      );
    }
    if (medianWaitMs(at) > options.maxWaitMs) {
      return new HttpError(429, `ingest is behind: requests wait longer than ${options.maxWaitMs / 1000}s; retry in ${seconds}s`, {
        'retry-after': String(seconds),
      });
    }
    return null;
  };

  const admit = async <T>(work: () => Promise<T>): Promise<T> => {
    const at = now();
    const refusal = refusalAt(at);
    if (refusal) throw refusal;
    const id = Symbol();
    inFlight.set(id, at);
    try {
      return await work();
    } finally {
      inFlight.delete(id);
    }
  };
  return Object.assign(admit, { refusal: () => refusalAt(now()) });
}
