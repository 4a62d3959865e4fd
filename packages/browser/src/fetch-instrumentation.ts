// Wraps window.fetch: a client span per call, `traceparent` where allowed, and the
// runaway guard in front. Returns the function that puts the page's fetch back.
import { endClientSpan, requestUrl, startClientSpan, type RequestTracing } from './http-client-span.ts';
import type { RunawayGuard } from './runaway-requests.ts';

export function instrumentFetch(tracing: RequestTracing, guard: RunawayGuard | undefined): () => void {
  const pageFetch = window.fetch;
  const tracedFetch = function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request ? input : undefined;
    const url = requestUrl(input instanceof Request ? input.url : input);
    if (!url || tracing.isExport(url)) return pageFetch(input, init);
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const refusal = guard?.check(method, url);
    if (refusal) return Promise.reject(refusal);

    let headers: Headers | undefined;
    try {
      headers = new Headers(init?.headers ?? request?.headers);
    } catch {
      return pageFetch(input, init); // headers the page's own fetch will refuse, in its own way
    }
    const { span, traceHeaders } = startClientSpan(tracing, method, url);
    if (traceHeaders) {
      for (const [name, value] of Object.entries(traceHeaders)) headers.set(name, value);
      init = { ...init, headers };
    }
    return pageFetch(input, init).then(
      (response) => {
        endClientSpan(span, { status: response.status });
        return response;
      },
      (error: unknown) => {
        endClientSpan(span, {
          error: error instanceof Error ? error.message : String(error),
          errorType: error instanceof Error ? error.name : 'Error',
        });
        throw error;
      },
    );
  };
  window.fetch = tracedFetch;
  return () => {
    if (window.fetch === tracedFetch) window.fetch = pageFetch;
  };
}
