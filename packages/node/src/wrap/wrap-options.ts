// wrap() options, checked on every call without throwing: a bad value warns once and
// falls back to its default, so a typo never breaks the call it was meant to protect.
import { MAX_TIMER_MS } from '../deadline.ts';
import { INVALID_WRAP_OPTIONS } from '../messages.ts';
import { warnOnce } from '../warn-once.ts';

export type FallbackReason = 'error' | 'timeout' | 'circuit_open';

/** `F` is what the fallback gives, which may differ from what the call gives (`null`, a cached value). */
export interface WrapOptions<F = never> {
  /** Time limit per attempt; the call's signal fires when it passes. */
  timeoutMs?: number;
  /** Further attempts after a failure (default 0). */
  retries?: number;
  /** Full-jitter exponential backoff between attempts (defaults 50 ms, capped at 2 s). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Which failures are worth another attempt (default: all). */
  retryOn?: (error: unknown) => boolean;
  /**
   * Returned instead of failing: a value, or a function of why (a function-valued
   * result must be wrapped in a function).
   */
  fallback?: F | ((reason: FallbackReason, error: unknown) => F | Promise<F>);
  /** The vendor's circuit breaker (default on: 5 failures, 30 s), or false for none. */
  circuit?: false | { failureThreshold?: number; resetAfterMs?: number };
}

export interface WrapSettings {
  timeoutMs: number | undefined;
  retries: number;
  baseMs: number;
  maxMs: number;
  failureThreshold: number;
  resetAfterMs: number;
  circuit: boolean;
}

export const DEFAULT_WRAP_SETTINGS: Readonly<WrapSettings> = Object.freeze({
  timeoutMs: undefined,
  retries: 0,
  baseMs: 50,
  maxMs: 2000,
  failureThreshold: 5,
  resetAfterMs: 30_000,
  circuit: true,
});

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS) return value;
  warnOnce(INVALID_WRAP_OPTIONS, `${name} = ${String(value)}`);
  return fallback;
}

export function wrapSettings(options: WrapOptions<unknown>): Readonly<WrapSettings> {
  const { timeoutMs, retries, backoff, circuit } = options;
  if (timeoutMs === undefined && retries === undefined && backoff === undefined && circuit === undefined) {
    return DEFAULT_WRAP_SETTINGS;
  }
  const d = DEFAULT_WRAP_SETTINGS;
  const breaker = circuit === false ? undefined : circuit;
  let retryCount = d.retries;
  if (retries !== undefined) {
    if (Number.isInteger(retries) && retries >= 0) retryCount = retries;
    else warnOnce(INVALID_WRAP_OPTIONS, `retries = ${String(retries)}`);
  }
  return {
    timeoutMs: timeoutMs === undefined ? undefined : positive(timeoutMs, 'timeoutMs', 0) || undefined,
    retries: retryCount,
    baseMs: positive(backoff?.baseMs, 'backoff.baseMs', d.baseMs),
    maxMs: positive(backoff?.maxMs, 'backoff.maxMs', d.maxMs),
    failureThreshold: Math.ceil(positive(breaker?.failureThreshold, 'circuit.failureThreshold', d.failureThreshold)),
    resetAfterMs: positive(breaker?.resetAfterMs, 'circuit.resetAfterMs', d.resetAfterMs),
    circuit: circuit !== false,
  };
}
