// flag(): evaluates a feature flag through any vendor's client with a time limit, records
// the `feature_flag.evaluation` event and a `flag.<key>` field on the current span (or the
// event as a log record when there is none), and falls back to the default, saying so,
// when the vendor fails or is slow.
import { trace, type Attributes } from '@opentelemetry/api';
import { MAX_TIMER_MS, NEVER_ABORTED, withDeadline } from './deadline.ts';
import { errorType } from './error-type.ts';
import { kitLogger } from './kit-telemetry.ts';
import { INVALID_FLAG_OPTIONS } from './messages.ts';
import { warnOnce } from './warn-once.ts';

/** What a vendor's detailed evaluation says (OpenFeature and most SDKs have these). */
export interface FlagResolution<T> {
  value: T;
  variant?: string;
  /** e.g. `static`, `targeting_match`, `split`, `cached`, `disabled`. */
  reason?: string;
}

export type FlagEvaluator<T> = (
  key: string,
  evaluationContext: Readonly<Record<string, unknown>>,
  signal: AbortSignal,
) => Promise<T | FlagResolution<T>> | T | FlagResolution<T>;

export interface FlagOptions {
  /** The vendor, as `feature_flag.provider.name`. */
  provider?: string;
  /** How long the vendor may take before the default is used (default 500 ms). */
  timeoutMs?: number;
}

export const DEFAULT_FLAG_TIMEOUT_MS = 500;

function isResolution<T>(result: T | FlagResolution<T>): result is FlagResolution<T> {
  return typeof result === 'object' && result !== null && Object.hasOwn(result, 'value');
}

/** Flag values of any shape as one attribute value; objects as JSON. */
function attributeValue(value: unknown): string | number | boolean {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function timeoutOf(options: FlagOptions | undefined): number {
  const timeoutMs = options?.timeoutMs;
  if (timeoutMs === undefined) return DEFAULT_FLAG_TIMEOUT_MS;
  if (typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS) return timeoutMs;
  warnOnce(INVALID_FLAG_OPTIONS, `timeoutMs = ${String(timeoutMs)}`);
  return DEFAULT_FLAG_TIMEOUT_MS;
}

/**
 * The flag's value from `evaluate`, or `defaultValue` if it throws or takes longer than
 * `timeoutMs`. Never rejects. A vendor result may be the bare value or a FlagResolution
 * (flags whose values are objects with a `value` key must return a FlagResolution).
 *
 * @example
 *   const newCheckout = await flag('new-checkout', { targetingKey: user.id }, false,
 *     (key, ctx) => client.variationDetail(key, ctx), { provider: 'launchdarkly' });
 */
export async function flag<T>(
  key: string,
  evaluationContext: Readonly<Record<string, unknown>>,
  defaultValue: T,
  evaluate: FlagEvaluator<T>,
  options?: FlagOptions,
): Promise<T> {
  const span = trace.getActiveSpan();
  const attributes: Attributes = { 'feature_flag.key': key };
  if (options?.provider !== undefined) attributes['feature_flag.provider.name'] = options.provider;
  const targetingKey = evaluationContext?.targetingKey;
  if (typeof targetingKey === 'string') attributes['feature_flag.context.id'] = targetingKey;

  let value: T;
  try {
    // Only evaluators that take the signal get one: making it is the costly part.
    const call =
      evaluate.length > 2 ? (signal: AbortSignal) => evaluate(key, evaluationContext, signal) : () => evaluate(key, evaluationContext, NEVER_ABORTED);
    const result = await withDeadline(call, timeoutOf(options), `flag ${key}`);
    const resolution = isResolution(result) ? result : { value: result };
    value = resolution.value;
    attributes['feature_flag.result.reason'] = typeof resolution.reason === 'string' ? resolution.reason.toLowerCase() : 'unknown';
    if (typeof resolution.variant === 'string') attributes['feature_flag.result.variant'] = resolution.variant;
  } catch (error) {
    value = defaultValue;
    attributes['feature_flag.result.reason'] = 'error';
    attributes['error.type'] = errorType(error);
    attributes['error.message'] = error instanceof Error ? error.message : String(error);
  }
  const recorded = attributeValue(value);
  attributes['feature_flag.result.value'] = recorded;
  if (span) {
    span.addEvent('feature_flag.evaluation', attributes);
    // Also a field of the span itself, so requests can be sliced by the flags they saw.
    span.setAttribute(`flag.${key}`, recorded);
  } else {
    // Outside any span (a job, start-up) the evaluation still says what it returned.
    kitLogger().emit({ eventName: 'feature_flag.evaluation', attributes });
  }
  return value;
}
