// New columns per sending key, over time: besides the per-request limit (commit-plan.ts),
// each key may add only so many new columns to one dataset per day, so a key that sends
// many requests, each with new names, cannot fill a dataset either. A rolling budget (a
// token bucket refilled over a day), kept in memory: a restart forgives what was spent.
import { TokenBucket } from '../auth/token-bucket.ts';
import { systemClock, type Clock } from '../clock/clock.ts';

const DAY_SECONDS = 86_400;
/** Buckets kept before full ones (the same as no bucket) are dropped. */
const PRUNE_AT = 10_000;

export class NewColumnBudget {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    /** New columns one key may add to one dataset per day. */
    readonly perKeyPerDay: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** New columns `sender` may add to the dataset now. */
  remaining(sender: string, environment: string, dataset: string): number {
    const bucket = this.buckets.get(bucketKey(sender, environment, dataset));
    if (!bucket) return this.perKeyPerDay;
    return Math.floor(this.perKeyPerDay - bucket.secondsUntil(this.perKeyPerDay, this.clock.now()) * bucket.ratePerSecond);
  }

  /** Takes `columns` from what `sender` may still add to the dataset. */
  spend(sender: string, environment: string, dataset: string, columns: number): void {
    if (columns <= 0) return;
    const key = bucketKey(sender, environment, dataset);
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_AT) this.pruneFull(now);
      bucket = new TokenBucket(this.perKeyPerDay / DAY_SECONDS, this.perKeyPerDay, now);
      this.buckets.set(key, bucket);
    }
    bucket.charge(columns, now);
  }

  private pruneFull(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.secondsUntil(this.perKeyPerDay, now) === 0) this.buckets.delete(key);
  }
}

function bucketKey(sender: string, environment: string, dataset: string): string {
  return `${sender}\u0000${environment}\u0000${dataset}`;
}
