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

export function watchEventLoopLag(intervalMs = 50, windowSamples = 10): EventLoopLag {
  const recent: number[] = [];
  let expected = performance.now() + intervalMs;
  const timer = setInterval(() => {
    const now = performance.now();
    recent.push(Math.max(0, now - expected));
    if (recent.length > windowSamples) recent.shift();
    expected = now + intervalMs;
  }, intervalMs);
  // Watching must never keep the process alive.
  timer.unref();
  return {
    get ms() {
      // Until the window is full there is too little to tell a busy loop from one long task.
      return recent.length < windowSamples ? 0 : [...recent].sort((a, b) => a - b)[Math.floor(recent.length / 2)];
    },
  };
}
