import { describe, expect, test } from 'vitest';
import { lastRecovery, type CallBucket } from './vendor-recovery.ts';

/** One bucket per second: `pattern` letters are h (all 10 calls ok), f (all fail), m (8 of 10 ok), _ (no calls). */
function buckets(pattern: string): CallBucket[] {
  return [...pattern].map((c, i) => {
    const timeUs = i * 1e6;
    const ok = { h: 10, f: 0, m: 8, _: 0 }[c]!;
    const calls = c === '_' ? 0 : 10;
    return { timeUs, calls, ok, firstFailureUs: ok < calls ? timeUs + 100 : null, firstSuccessUs: ok > 0 ? timeUs + 200 : null };
  });
}

describe('lastRecovery', () => {
  test('from the first failure of the outage to the first success of three healthy buckets', () => {
    expect(lastRecovery(buckets('hhhffmfhhh'))).toEqual({ outageStartUs: 3e6 + 100, recoveredAtUs: 7e6 + 200, recoveryMs: 4000.1 });
  });

  test('a short healthy spell inside an outage does not end it; empty buckets are skipped', () => {
    expect(lastRecovery(buckets('hhhfhh_fhh_h'))).toMatchObject({ outageStartUs: 3e6 + 100, recoveredAtUs: 8e6 + 200 });
  });

  test('only the last outage counts', () => {
    expect(lastRecovery(buckets('fhhhhfhhh'))).toMatchObject({ outageStartUs: 5e6 + 100, recoveredAtUs: 6e6 + 200 });
  });

  test('an outage still going has no recovery; no failing bucket means no outage', () => {
    expect(lastRecovery(buckets('hhhffhh'))).toEqual({ outageStartUs: 3e6 + 100, recoveredAtUs: null, recoveryMs: null });
    expect(lastRecovery(buckets('hhhh'))).toEqual({ outageStartUs: null, recoveredAtUs: null, recoveryMs: null });
  });
});
