// W3C trace context: the `traceparent` header, and which requests may carry it.
import type { SpanContext } from './tracer.ts';

export type PropagationTarget = string | RegExp;

/** `00-<trace id>-<span id>-<flags>`; flag 01 tells the backend the trace is kept. */
export function formatTraceparent(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.sampled ? '01' : '00'}`;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The parent a server handed the page (e.g. in `<meta name="traceparent">`), or null. */
export function parseTraceparent(header: string): SpanContext | null {
  const match = TRACEPARENT.exec(header.trim());
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return null;
  return { traceId: match[1], spanId: match[2], sampled: (parseInt(match[3], 16) & 1) === 1 };
}

/**
 * Same-origin requests always carry trace context; cross-origin ones only when their
 * origin is listed (strings compare as origins) or a RegExp matches the full URL, since
 * an unexpected header makes other servers fail the CORS preflight.
 */
export function shouldPropagate(url: URL, pageOrigin: string, targets: readonly PropagationTarget[]): boolean {
  if (url.origin === pageOrigin) return true;
  return targets.some((target) => (typeof target === 'string' ? target === url.origin : target.test(url.href)));
}
