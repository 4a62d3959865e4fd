// Wraps XMLHttpRequest's open and send: a client span per request, `traceparent` where
// allowed, and the runaway guard in front. Returns the function that restores them.
import { endClientSpan, requestUrl, startClientSpan, type RequestTracing } from './http-client-span.ts';
import type { RunawayGuard } from './runaway-requests.ts';

export function instrumentXhr(tracing: RequestTracing, guard: RunawayGuard | undefined): () => void {
  const prototype = XMLHttpRequest.prototype;
  const { open, send } = prototype;
  const requests = new WeakMap<XMLHttpRequest, { method: string; url?: URL }>();

  prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    requests.set(this, { method: method.toUpperCase(), url: requestUrl(url) });
    return (open as (...args: unknown[]) => void).apply(this, [method, url, ...rest]);
  };

  prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const request = requests.get(this);
    if (!request?.url || tracing.isExport(request.url)) return send.call(this, body);
    const refusal = guard?.check(request.method, request.url);
    if (refusal) {
      // An XHR fails through its events, not by throwing: report it like a network error.
      console.warn(refusal.message);
      setTimeout(() => {
        this.dispatchEvent(new ProgressEvent('error'));
        this.dispatchEvent(new ProgressEvent('loadend'));
      });
      return;
    }

    const { span, traceHeaders } = startClientSpan(tracing, request.method, request.url);
    for (const [name, value] of Object.entries(traceHeaders ?? {})) this.setRequestHeader(name, value);
    let failure = 'error';
    this.addEventListener('abort', () => (failure = 'abort'));
    this.addEventListener('timeout', () => (failure = 'timeout'));
    this.addEventListener('loadend', () =>
      endClientSpan(span, this.status ? { status: this.status } : { error: `request ended without a response (${failure})`, errorType: failure }),
    );
    return send.call(this, body);
  };

  return () => {
    prototype.open = open;
    prototype.send = send;
  };
}
