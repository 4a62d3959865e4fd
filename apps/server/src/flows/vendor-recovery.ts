// When a vendor came back after its last outage, from its calls per time bucket.
//
// A bucket with calls is *healthy* when at least HEALTHY_AVAILABILITY of them succeeded,
// else *failing*. Success is *sustained* once SUSTAINED_BUCKETS healthy buckets with calls
// follow one another (buckets without calls neither count nor break the run). The last
// outage runs from the first failure of its first failing bucket (failing buckets not
// separated by sustained success belong to one outage) to the first success of the
// healthy run that sustains; recovery time is the span between the two.
import type { Recovery } from '@flashlight/api';
export type { Recovery };

export const HEALTHY_AVAILABILITY = 0.9;
export const SUSTAINED_BUCKETS = 3;

export interface CallBucket {
  /** Bucket start, µs. */
  timeUs: number;
  calls: number;
  ok: number;
  /** First failed and first successful call in the bucket, µs; null when there was none. */
  firstFailureUs: number | null;
  firstSuccessUs: number | null;
}

const healthy = (b: CallBucket) => b.ok >= HEALTHY_AVAILABILITY * b.calls;

/** `buckets` in time order. */
export function lastRecovery(buckets: readonly CallBucket[]): Recovery {
  const active = buckets.filter((b) => b.calls > 0);
  const lastFailing = active.findLastIndex((b) => !healthy(b));
  if (lastFailing < 0) return { outageStartUs: null, recoveredAtUs: null, recoveryMs: null };
  // Walk back over failing buckets and healthy runs too short to count as recovery.
  let start = lastFailing;
  let healthyRun = 0;
  for (let i = lastFailing - 1; i >= 0; i--) {
    if (healthy(active[i])) {
      if (++healthyRun >= SUSTAINED_BUCKETS) break;
    } else {
      healthyRun = 0;
      start = i;
    }
  }
  const outageStartUs = active[start].firstFailureUs;
  const after = active.slice(lastFailing + 1);
  const sustained = after.length >= SUSTAINED_BUCKETS && after.slice(0, SUSTAINED_BUCKETS).every(healthy);
  const recoveredAtUs = sustained ? after[0].firstSuccessUs : null;
  return {
    outageStartUs,
    recoveredAtUs,
    recoveryMs: outageStartUs !== null && recoveredAtUs !== null ? (recoveredAtUs - outageStartUs) / 1000 : null,
  };
}
