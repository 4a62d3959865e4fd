// Sends finished spans to `{endpoint}/v1/traces` as OTLP/JSON in batches: by fetch while
// the page lives, by beacon when it is hidden so its last spans are not lost. Failures are
// dropped without retries (a struggling API should not get more traffic from us) and never
// reach the page.
import { encodeTraces } from './otlp-json.ts';
import type { Attributes, FinishedSpan } from './tracer.ts';

export const SCOPE = { name: '@flashlight/browser', version: '0.1.0' };

/** Beacons and keepalive fetches share a 64 KiB budget per page; stay under it per body. */
const MAX_BODY_BYTES = 60_000;

const byteLength = (text: string) => new TextEncoder().encode(text).length;

export interface HttpJsonExporterOptions {
  tracesUrl: string;
  headers: Record<string, string>;
  resource: Attributes;
  /** The page's fetch before instrumentation, so exports are not traced themselves. */
  fetch: typeof fetch;
  /** Runs before each flush, to close what should be reported with it. */
  beforeFlush?: (pageHiding: boolean) => void;
  maxBatchSpans?: number;
  flushIntervalMs?: number;
  /** Spans held while the server is unreachable; the oldest go first. */
  maxQueuedSpans?: number;
}

export interface SpanExporter {
  export(span: FinishedSpan): void;
  /** Sends what is queued; resolves when every request in flight is done, never rejects. */
  flush(): Promise<void>;
  /** Sends what is queued by beacon, which outlives the page. */
  flushOnPageHide(): void;
  shutdown(): Promise<void>;
}

export function createHttpJsonExporter(options: HttpJsonExporterOptions): SpanExporter {
  const { tracesUrl, headers, resource, maxBatchSpans = 50, flushIntervalMs = 5000, maxQueuedSpans = 1000 } = options;
  const canBeacon = Object.keys(headers).length === 0 && typeof navigator !== 'undefined' && !!navigator.sendBeacon;
  let queue: FinishedSpan[] = [];
  let keepaliveBytesInFlight = 0;
  const inFlight = new Set<Promise<void>>();

  const bodies = (spans: FinishedSpan[]): string[] => {
    const body = JSON.stringify(encodeTraces(resource, SCOPE, spans));
    if (byteLength(body) <= MAX_BODY_BYTES || spans.length === 1) return [body];
    const half = spans.length >> 1;
    return [...bodies(spans.slice(0, half)), ...bodies(spans.slice(half))];
  };

  const post = (body: string) => {
    // keepalive lets a flush racing a navigation land, within the browser's shared budget.
    const bytes = byteLength(body);
    const keepalive = keepaliveBytesInFlight + bytes <= MAX_BODY_BYTES;
    if (keepalive) keepaliveBytesInFlight += bytes;
    const request = options
      .fetch(tracesUrl, { method: 'POST', body, keepalive, headers: { 'content-type': 'application/json', ...headers } })
      .then(
        () => {},
        () => {}, // dropped: see the module comment
      )
      .finally(() => {
        if (keepalive) keepaliveBytesInFlight -= bytes;
        inFlight.delete(request);
      });
    inFlight.add(request);
  };

  const takeBodies = (pageHiding: boolean): string[] => {
    options.beforeFlush?.(pageHiding);
    const spans = queue;
    queue = [];
    const result: string[] = [];
    for (let i = 0; i < spans.length; i += maxBatchSpans) result.push(...bodies(spans.slice(i, i + maxBatchSpans)));
    return result;
  };

  const flush = async () => {
    takeBodies(false).forEach(post);
    await Promise.all(inFlight);
  };

  const timer = setInterval(flush, flushIntervalMs);

  return {
    export(span) {
      if (queue.push(span) > maxQueuedSpans) queue.shift();
      if (queue.length >= maxBatchSpans) void flush();
    },
    flush,
    flushOnPageHide() {
      for (const body of takeBodies(true)) {
        let queued = false;
        try {
          // text/plain keeps the beacon a simple request (no CORS preflight); the body is OTLP/JSON.
          queued = canBeacon && navigator.sendBeacon(tracesUrl, new Blob([body], { type: 'text/plain' }));
        } catch {
          // a refused beacon falls back to fetch below
        }
        if (!queued) post(body);
      }
    },
    async shutdown() {
      clearInterval(timer);
      await flush();
    },
  };
}
