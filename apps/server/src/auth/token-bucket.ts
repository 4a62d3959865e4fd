// A token bucket: `ratePerSecond` tokens flow in up to `capacity`. `charge` may take the
// bucket below zero (work already done must be paid for); nothing is admitted until the
// debt is paid back.
export class TokenBucket {
  private tokens: number;
  private updatedMs: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.updatedMs = nowMs;
  }

  /** Takes `n` tokens if there are that many. */
  take(n: number, nowMs: number): boolean {
    this.refill(nowMs);
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  charge(n: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens -= n;
  }

  /** Seconds until `n` tokens are there. */
  secondsUntil(n: number, nowMs: number): number {
    this.refill(nowMs);
    return Math.max(0, (n - this.tokens) / this.ratePerSecond);
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.updatedMs) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.ratePerSecond);
    this.updatedMs = nowMs;
  }
}
