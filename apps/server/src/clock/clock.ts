// Time, for every time-based feature (retention, triggers and SLOs, the change ledger,
// the service map's roll-ups, settle and before/after windows, the new-column budget):
// one injectable source of "now" and of repeating timers, so tests step through hours in
// a test clock (test-clock.ts) instead of waiting.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Calls `run` every `intervalMs` from now on; the timer never holds the process open.
   * Returns the function that stops it.
   */
  every(intervalMs: number, run: () => unknown): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(intervalMs, run) {
    const timer = setInterval(run, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
};
