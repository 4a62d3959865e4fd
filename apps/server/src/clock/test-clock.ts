// A clock that moves only when told: `advance` runs every timer that falls due, in time
// order, and waits for what each one started, so a test that advances an hour sees the
// hour's retention run, trigger checks and roll-ups done when `advance` resolves.
import type { Clock } from './clock.ts';

interface Timer {
  due: number;
  intervalMs: number;
  fire: () => unknown;
}

export class TestClock implements Clock {
  private current: number;
  private readonly timers = new Set<Timer>();

  constructor(start: number | Date = Date.UTC(2026, 0, 5, 12)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  every(intervalMs: number, run: () => unknown): () => void {
    const timer: Timer = { due: this.current + intervalMs, intervalMs, fire: run };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Moves time forward by `ms`, firing due timers in order and awaiting each one's work. */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.current + ms);
  }

  /** Moves time forward to `end` (ms since the epoch), as `advance` does. */
  async advanceTo(end: number): Promise<void> {
    if (end < this.current) throw new Error(`a test clock only moves forward: ${end} is before ${this.current}`);
    for (;;) {
      const next = [...this.timers].filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.current = next.due;
      next.due += next.intervalMs;
      await next.fire();
      // Let what the timer's work scheduled in turn (promise callbacks) run before the next one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = end;
  }
}
