// The client span of one fetch or XHR, shared by both wrappers: semantic-convention
// attributes, the `traceparent` for APIs allowed to receive it, and the outcome.
import { normalizePath } from './request-route.ts';
import { formatTraceparent, shouldPropagate, type PropagationTarget } from './trace-context.ts';
import { SPAN_KIND_CLIENT, type Span, type Tracer } from './tracer.ts';

export interface RequestTracing {
  tracer: Tracer;
  propagateTo: readonly PropagationTarget[];
  /** Sent beside `traceparent` when traces are sampled (see sampling.ts). */
  tracestate?: string;
  /** URLs the kit sends to itself, never traced. */
  isExport(url: URL): boolean;
}

export interface ClientSpan {
  span: Span;
  /** Headers for the request when the URL may receive trace context; `traceparent` names this span as parent. */
  traceHeaders?: Record<string, string>;
}

/**
 * The request's absolute URL when it goes over the network; undefined for `data:` and
 * `blob:` URLs (no server involved) and for what cannot be parsed (it fails on its own).
 */
export function requestUrl(input: string | URL): URL | undefined {
  try {
    const url = new URL(input, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export function startClientSpan(tracing: RequestTracing, method: string, url: URL): ClientSpan {
  const span = tracing.tracer.startSpan(`${method} ${normalizePath(url.pathname)}`, {
    kind: SPAN_KIND_CLIENT,
    attributes: {
      'http.request.method': method,
      'url.full': url.href,
      'server.address': url.hostname,
      ...(url.port && { 'server.port': Number(url.port) }),
    },
  });
  if (!shouldPropagate(url, location.origin, tracing.propagateTo)) return { span };
  const traceHeaders: Record<string, string> = { traceparent: formatTraceparent(span.context) };
  if (tracing.tracestate) traceHeaders.tracestate = tracing.tracestate;
  return { span, traceHeaders };
}

/** Ends the span with a response status, or with the failure that kept a response from coming. */
export function endClientSpan(span: Span, outcome: { status: number } | { error: string; errorType: string }): void {
  if ('status' in outcome) {
    span.setAttributes({ 'http.response.status_code': outcome.status });
    // From the client's side 4xx is a failure too (OTel HTTP client conventions).
    if (outcome.status >= 400) {
      span.setAttributes({ 'error.type': String(outcome.status) });
      span.setError(`HTTP ${outcome.status}`);
    }
  } else {
    span.setAttributes({ 'error.type': outcome.errorType });
    span.setError(outcome.error);
  }
  span.end();
}
