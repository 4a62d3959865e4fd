// Waits between retries: exponential backoff with full jitter, so that many clients
// retrying a struggling vendor spread out instead of arriving together.

/** A random wait in [0, min(maxMs, baseMs · 2^retry)). `retry` counts from 0. */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random = Math.random): number {
  return random() * Math.min(maxMs, baseMs * 2 ** retry);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
