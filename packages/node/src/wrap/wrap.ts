// wrap(): a third-party call as a client span that says how it went (ok, error, timeout,
// fallback), with time limit, retries, a fallback and a circuit breaker per vendor.
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { NEVER_ABORTED, isTimeout, withDeadline } from '../deadline.ts';
import { errorType } from '../error-type.ts';
import { kitTracer } from '../kit-telemetry.ts';
import { backoffDelay, sleep } from './backoff.ts';
import { circuitFor } from './circuit-breaker.ts';
import { wrapSettings, type FallbackReason, type WrapOptions, type WrapSettings } from './wrap-options.ts';

export type VendorOutcome = 'ok' | 'error' | 'timeout' | 'fallback';

/** What wrap() rejects with when the vendor's circuit is open and there is no fallback. */
export class CircuitOpenError extends Error {
  constructor(readonly vendor: string) {
    super(`circuit for ${vendor} is open: recent calls failed, this one was not made`);
    this.name = 'CircuitOpenError';
  }
}

const NO_OPTIONS: WrapOptions = {};

function attempt<T>(call: (signal: AbortSignal) => Promise<T> | T, settings: Readonly<WrapSettings>, what: string): Promise<T> | T {
  return settings.timeoutMs === undefined ? call(NEVER_ABORTED) : withDeadline(call, settings.timeoutMs, what);
}

/**
 * Calls `call` as `vendor`'s `operation` inside a client span carrying `vendor.name`,
 * `vendor.operation`, `vendor.outcome`, `vendor.attempts` and `vendor.circuit_state`.
 *
 * Rejects only with what `call` rejected with, the TimeoutError of `timeoutMs`, or
 * CircuitOpenError; with a `fallback` it never rejects for the vendor's sake and
 * resolves to the fallback instead (`vendor.fallback_reason` says why).
 *
 * @example
 *   const charge = await wrap('stripe', 'charge', (signal) => stripe.charge(order, { signal }),
 *     { timeoutMs: 2000, retries: 2 });
 */
export async function wrap<T, F = never>(
  vendor: string,
  operation: string,
  call: (signal: AbortSignal) => Promise<T> | T,
  options: WrapOptions<F> = NO_OPTIONS,
): Promise<T | F> {
  const settings = wrapSettings(options);
  const breaker = settings.circuit ? circuitFor(vendor) : undefined;
  const met = breaker?.admit(settings.resetAfterMs);
  const name = vendor + ' ' + operation;
  // Attributes given at start cost less than set one by one: attempts is 1 unless a retry says otherwise.
  const attributes: Attributes = {
    'vendor.name': vendor,
    'vendor.operation': operation,
    'vendor.attempts': 1,
    'peer.service': vendor,
  };
  if (breaker) attributes['vendor.circuit_state'] = met ?? breaker.state;
  const parent = context.active();
  const span = kitTracer().startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);

  if (breaker && met === undefined) {
    return failed(span, new CircuitOpenError(vendor), 'circuit_open', 0, options);
  }
  const ctx = trace.setSpan(parent, span);
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const value = (await context.with(ctx, attempt, undefined, call, settings, name)) as T;
      breaker?.succeeded();
      span.setAttribute('vendor.outcome', 'ok');
      if (attempts > 1) span.setAttribute('vendor.attempts', attempts);
      span.end();
      return value;
    } catch (error) {
      if (attempts > settings.retries || (options.retryOn !== undefined && !retryable(options.retryOn, error))) {
        breaker?.failed(settings.failureThreshold);
        return failed(span, error, isTimeout(error) ? 'timeout' : 'error', attempts, options);
      }
      span.addEvent('vendor.retry', { 'vendor.attempt': attempts, 'error.type': errorType(error) });
      await sleep(backoffDelay(attempts - 1, settings.baseMs, settings.maxMs));
    }
  }
}

function retryable(retryOn: (error: unknown) => boolean, error: unknown): boolean {
  try {
    return retryOn(error) === true;
  } catch {
    return false;
  }
}

/** Ends the span of a call that did not succeed: with its fallback, or rethrowing. */
async function failed<F>(span: Span, error: unknown, reason: FallbackReason, attempts: number, options: WrapOptions<F>): Promise<F> {
  if (attempts !== 1) span.setAttribute('vendor.attempts', attempts);
  const { fallback } = options;
  // A call skipped by an open circuit and answered by the fallback failed nobody.
  if (reason !== 'circuit_open' || fallback === undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setAttribute('error.type', errorType(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  if (fallback === undefined) {
    const outcome: VendorOutcome = reason === 'timeout' ? 'timeout' : 'error';
    span.setAttribute('vendor.outcome', outcome);
    span.end();
    throw error;
  }
  span.setAttributes({ 'vendor.outcome': 'fallback', 'vendor.fallback': true, 'vendor.fallback_reason': reason });
  try {
    return typeof fallback === 'function' ? await (fallback as (reason: FallbackReason, error: unknown) => F | Promise<F>)(reason, error) : fallback;
  } finally {
    span.end();
  }
}
