// A simulated browser tab, for shoppers that run without Chromium: it records the same
// spans the browser kit records on a real page (document load, clicks, fetches with
// `traceparent`, runaway requests), with the kit's own tracer, exporter and runaway
// guard, so Flashlight cannot tell the difference.
import { randomUUID } from 'node:crypto';
import { createHttpJsonExporter, createRunawayGuard, createTracer, DEFAULT_RUNAWAY, endClientSpan, SCOPE, startClientSpan } from '@flashlight/browser/headless';

export interface SimulatedBrowserOptions {
  flashlightUrl: string;
  webUrl: string;
  user: string;
  team: string;
  version: string;
}

export interface SimulatedBrowser {
  loadPage(): void;
  /** A fetch from the page: a client span, `traceparent`, and the runaway guard, as the kit does. */
  request<T>(method: string, path: string, body?: unknown): Promise<T | undefined>;
  /** A click whose handler's requests are children of the click span. */
  click(target: string, handler: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 (simulated)';

export function createSimulatedBrowser(options: SimulatedBrowserOptions): SimulatedBrowser {
  const sessionId = randomUUID();
  const exporter = createHttpJsonExporter({
    tracesUrl: `${options.flashlightUrl}/v1/traces`,
    headers: {},
    resource: {
      'service.name': 'storefront',
      'service.version': options.version,
      'telemetry.sdk.name': 'flashlight-browser',
      'telemetry.sdk.language': 'webjs',
      'telemetry.sdk.version': SCOPE.version,
      'browser.user_agent': USER_AGENT,
      'browser.language': 'en-US',
      'browser.mobile': false,
      'browser.simulated': true,
      'session.id': sessionId,
    },
    fetch: globalThis.fetch,
    flushIntervalMs: 2000,
  });
  const fields = { 'user.id': options.user, 'app.team': options.team, 'app.version': options.version };
  const tracer = createTracer({ sampleRate: 1, fields: () => fields, onEnd: (span) => exporter.export(span) });
  const guard = createRunawayGuard(tracer, DEFAULT_RUNAWAY);
  const origin = new URL(options.webUrl).origin;
  // The tab's location, which the kit reads to decide where `traceparent` may go.
  if (typeof globalThis.location === 'undefined') Object.defineProperty(globalThis, 'location', { value: new URL(options.webUrl) });
  const tracing = { tracer, propagateTo: [], isExport: () => false };

  return {
    loadPage() {
      const start = Date.now();
      // The phases the kit reads from Navigation Timing, with plausible durations.
      const phases: Array<[string, number]> = [
        ['dns', 2],
        ['tcp', 4],
        ['request', 40 + Math.random() * 80],
        ['response', 10],
        ['dom', 60 + Math.random() * 200],
        ['load_event', 3],
      ];
      const load = tracer.startSpan('document_load', {
        parent: null,
        startMs: start,
        attributes: { 'url.full': options.webUrl + '/', 'url.path': '/', 'document_load.type': 'navigate' },
      });
      let at = start;
      for (const [name, ms] of phases) {
        tracer.startSpan(name, { parent: load.context, startMs: at }).end(at + ms);
        at += ms;
      }
      load.end(at);
    },

    async request<T>(method: string, path: string, body?: unknown) {
      const url = new URL(path, origin);
      const throttled = guard.check(method, url);
      if (throttled) return undefined;
      const { span, traceHeaders } = startClientSpan(tracing, method, url);
      try {
        const response = await fetch(url, {
          method,
          headers: { 'content-type': 'application/json', 'x-shop-user': options.user, ...traceHeaders },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        endClientSpan(span, { status: response.status });
        return response.ok && text ? (JSON.parse(text) as T) : undefined;
      } catch (error) {
        endClientSpan(span, { error: (error as Error).message, errorType: (error as Error).name });
        return undefined;
      }
    },

    async click(target, handler) {
      const span = tracer.startSpan('click', { parent: null, attributes: { 'event.type': 'click', 'target.selector': target } });
      tracer.active = span.context;
      try {
        await handler();
      } finally {
        tracer.active = undefined;
        span.end();
      }
    },

    async close() {
      guard.endEpisodes(true);
      await exporter.shutdown();
    },
  };
}
