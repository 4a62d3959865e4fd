// Per-key rate limits: requests per second, and events per second. A request is
// admitted while both buckets have tokens; its events are charged when they reach the
// store (their count is known only after decoding), so one huge batch puts the key in
// debt instead of being cut in half.
import { AsyncLocalStorage } from 'node:async_hooks';
import { TokenBucket } from './token-bucket.ts';

export interface RateLimitSettings {
  requestsPerSecond: number;
  eventsPerSecond: number;
}

interface KeyBuckets {
  id: string;
  requests: TokenBucket;
  events: TokenBucket;
}

export class KeyRateLimits {
  private readonly buckets = new Map<string, KeyBuckets>();
  private readonly current = new AsyncLocalStorage<KeyBuckets>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Admits a request of `bucketId` and runs `work` charged to it; or, when the key is
   * over its limits, returns the seconds to wait without running it.
   */
  admit<T>(bucketId: string, work: () => Promise<T>): { retryAfterSeconds: number } | Promise<T> {
    const buckets = this.bucketsOf(bucketId);
    const now = this.now();
    if (buckets.events.secondsUntil(1, now) > 0 || !buckets.requests.take(1, now)) {
      const wait = Math.max(buckets.events.secondsUntil(1, now), buckets.requests.secondsUntil(1, now));
      return { retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
    }
    return this.current.run(buckets, work);
  }

  /** Charges events to the key of the request being served, if any. */
  chargeEvents(count: number): void {
    this.current.getStore()?.events.charge(count, this.now());
  }

  /** The id of the key whose request is being served, if any. */
  currentKey(): string | undefined {
    return this.current.getStore()?.id;
  }

  private bucketsOf(id: string): KeyBuckets {
    let buckets = this.buckets.get(id);
    if (!buckets) {
      const now = this.now();
      const { requestsPerSecond, eventsPerSecond } = this.settings;
      // One second of burst (at least one request or event): a client may send a second's worth at once.
      const bucket = (rate: number) => new TokenBucket(rate, Math.max(1, rate), now);
      buckets = { id, requests: bucket(requestsPerSecond), events: bucket(eventsPerSecond) };
      this.buckets.set(id, buckets);
    }
    return buckets;
  }
}
