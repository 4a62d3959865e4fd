import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures; a success in between resets the count', () => {
    const breaker = new CircuitBreaker();
    breaker.failed(3);
    breaker.failed(3);
    breaker.succeeded();
    breaker.failed(3);
    breaker.failed(3);
    expect(breaker.admit(1000)).toBe('closed');
    breaker.failed(3);
    expect(breaker.state).toBe('open');
    expect(breaker.admit(1000)).toBeUndefined();
  });

  it('admits one trial call once the delay has passed, and fails the rest fast', () => {
    const breaker = new CircuitBreaker();
    breaker.failed(1);
    expect(breaker.admit(0)).toBe('half_open');
    expect(breaker.admit(0)).toBeUndefined();
    breaker.succeeded();
    expect(breaker.admit(0)).toBe('closed');
  });
});
