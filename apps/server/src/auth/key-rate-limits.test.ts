import { describe, expect, it } from 'vitest';
import { KeyRateLimits } from './key-rate-limits.ts';

function limitsAt(settings: { requestsPerSecond: number; eventsPerSecond: number }) {
  let now = 0;
  const limits = new KeyRateLimits(settings, () => now);
  const admit = (key: string, events = 0) =>
    limits.admit(key, async () => {
      limits.chargeEvents(events);
      return 'ran';
    });
  return { admit, advance: (ms: number) => (now += ms) };
}

describe('per-key rate limits', () => {
  it('admits a second of requests at once, then refuses with the wait, per key', async () => {
    const { admit, advance } = limitsAt({ requestsPerSecond: 5, eventsPerSecond: 1000 });
    for (let i = 0; i < 5; i++) expect(await admit('a')).toBe('ran');
    expect(admit('a')).toEqual({ retryAfterSeconds: 1 });
    expect(await admit('b'), 'another key has its own bucket').toBe('ran');
    advance(200);
    expect(await admit('a')).toBe('ran');
  });

  it('charges events after the fact and refuses until the debt is paid', async () => {
    const { admit, advance } = limitsAt({ requestsPerSecond: 100, eventsPerSecond: 1000 });
    expect(await admit('a', 5000), 'one large batch is taken whole').toBe('ran');
    expect(admit('a'), '4000 events in debt, and one more to admit').toEqual({ retryAfterSeconds: 5 });
    advance(4000);
    expect(admit('a')).toEqual({ retryAfterSeconds: 1 });
    advance(10);
    expect(await admit('a')).toBe('ran');
  });
});
