// One circuit breaker per vendor: after N consecutive failed calls it opens and calls fail
// fast; after a delay it lets one trial call through (half-open); a success closes it.

export type CircuitState = 'closed' | 'open' | 'half_open';

export class CircuitBreaker {
  state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;

  /** The state a call meets if it may go to the vendor now, undefined if it may not. */
  admit(resetAfterMs: number): CircuitState | undefined {
    if (this.state === 'closed') return 'closed';
    // Half-open admits only its one trial call; the rest fail fast until it settles.
    if (this.state === 'half_open') return undefined;
    if (performance.now() - this.openedAt < resetAfterMs) return undefined;
    this.state = 'half_open';
    return 'half_open';
  }

  succeeded(): void {
    this.failures = 0;
    this.state = 'closed';
  }

  failed(failureThreshold: number): void {
    this.failures++;
    if (this.state === 'half_open' || (this.state === 'closed' && this.failures >= failureThreshold)) {
      this.state = 'open';
      this.openedAt = performance.now();
    }
  }
}

const breakers = new Map<string, CircuitBreaker>();

export function circuitFor(vendor: string): CircuitBreaker {
  let breaker = breakers.get(vendor);
  if (breaker === undefined) {
    breaker = new CircuitBreaker();
    breakers.set(vendor, breaker);
  }
  return breaker;
}

/** The state of a vendor's circuit, e.g. for a readiness check. */
export function circuitState(vendor: string): CircuitState {
  return breakers.get(vendor)?.state ?? 'closed';
}
