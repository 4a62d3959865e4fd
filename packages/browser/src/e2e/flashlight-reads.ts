// How the browser tests see what arrived: the spans a page sent (read off its requests),
// and what Flashlight serves back through its trace and query APIs, polled until the
// expected data has been committed.
import type { Page } from 'playwright-core';
import type { OtlpTracesRequest } from '../otlp-json.ts';

export type Fields = Record<string, unknown>;

/** A span as the page sent it, attributes flattened. */
export interface SentSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Fields;
}

const POLL_MS = 250;
/** How long a read waits for what it expects: a bound on a hang, generous for a busy machine. */
const PATIENCE_MS = 60_000;

/**
 * Records every span the page sends to `tracesUrl` by fetch. Beacons of an unloading page
 * are invisible to the DevTools protocol: what goes by beacon is checked at the server.
 */
export function recordExports(page: Page, tracesUrl: string): SentSpan[] {
  const sent: SentSpan[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(tracesUrl) || request.method() !== 'POST') return;
    const body = JSON.parse(request.postData() ?? '{}') as OtlpTracesRequest;
    for (const span of body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans))) {
      const attributes: Fields = {};
      for (const { key, value } of span.attributes) attributes[key] = value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue);
      sent.push({ traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId, name: span.name, attributes });
    }
  });
  return sent;
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function flashlightReader(flashlightUrl: string, beforeRead: () => Promise<void>) {
  return {
    /** The fields of each span of the trace, once `ready` holds for them (or after a minute). */
    trace: (traceId: string, ready: (spans: Fields[]) => boolean) =>
      poll(async () => {
        await beforeRead();
        const response = await fetch(`${flashlightUrl}/api/v1/traces/${traceId}`);
        return response.ok ? ((await response.json()) as { spans: { fields: Fields }[] }).spans.map((span) => span.fields) : [];
      }, ready),

    /** Result rows of a QuerySpec over the last hour of a dataset, once some row counts events (or after a minute). */
    query: (dataset: string, query: Fields) =>
      poll(
        async () => {
          await beforeRead();
          const response = await fetch(`${flashlightUrl}/api/v1/query`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ dataset, query: { time_range: 3600, ...query } }),
          });
          return response.ok ? ((await response.json()) as { data: { results: { data: Fields }[] } }).data.results.map((r) => r.data) : [];
        },
        (rows) => rows.some((row) => Number(row.COUNT) > 0),
      ),
  };
}
