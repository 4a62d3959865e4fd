// How late the event loop runs timers: when it is busy decoding and committing, new
// requests wait before any handler sees them, so this is the wait that in-flight
// timings cannot measure.
export interface EventLoopLag {
  /**
   * The median lag (ms) over the last samples: high while the loop stays busy, not after
   * one long task.
   */
  readonly ms: number;
}

/** The last `size` lag samples and their median. */
export class LagWindow implements EventLoopLag {
  private readonly recent: number[] = [];

  constructor(private readonly size: number) {}

  add(lagMs: number): void {
    this.recent.push(lagMs);
    if (this.recent.length > this.size) this.recent.shift();
  }

  get ms(): number {
    // Until the window is full there is too little to tell a busy loop from one long task.
    return this.recent.length < this.size ? 0 : [...this.recent].sort((a, b) => a - b)[Math.floor(this.recent.length / 2)];
  }
}

export function watchEventLoopLag(intervalMs = 50, windowSamples = 10): EventLoopLag {
  const window = new LagWindow(windowSamples);
  let expected = performance.now() + intervalMs;
  const timer = setInterval(() => {
    const now = performance.now();
    window.add(Math.max(0, now - expected));
    expected = now + intervalMs;
  }, intervalMs);
  // Watching must never keep the process alive.
  timer.unref();
  return window;
}
