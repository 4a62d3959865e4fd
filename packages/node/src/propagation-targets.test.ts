import { describe, expect, it } from 'vitest';
import { INVALID_PROPAGATION_TARGETS } from './messages.ts';
import { propagationTargets, type Destination } from './propagation-targets.ts';
import { setWarningHandler } from './warn-once.ts';

describe('propagationTargets', () => {
  const allowed = propagationTargets(['api.internal', 'localhost:4001', '*.corp.example', 'emails']);
  const cases: [Destination, boolean][] = [
    [{ host: 'api.internal', port: 443 }, true],
    [{ host: 'API.Internal', port: 8080 }, true],
    [{ host: 'localhost', port: 4001 }, true],
    [{ host: 'localhost', port: 4002 }, false],
    [{ host: 'billing.corp.example', port: 443 }, true],
    [{ host: 'corp.example.evil.com', port: 443 }, false],
    [{ host: 'api.stripe.com', port: 443 }, false],
    [{ topic: 'emails' }, true],
    [{ topic: 'audit' }, false],
    [{}, false],
  ];
  it.each(cases)('%o → %s', (destination, expected) => {
    expect(allowed(destination)).toBe(expected);
  });

  it('allows nothing by default', () => {
    expect(propagationTargets([])({ host: 'localhost', port: 80 })).toBe(false);
  });

  it('drops malformed entries with a warning', () => {
    const warnings: string[] = [];
    setWarningHandler((message) => warnings.push(message));
    try {
      const targets = propagationTargets(['has space', '*', 'ok.example']);
      expect(targets({ host: 'ok.example' })).toBe(true);
      expect(warnings).toEqual([INVALID_PROPAGATION_TARGETS]);
    } finally {
      setWarningHandler(undefined);
    }
  });
});
