// The kit in real headless Chromium against a real Flashlight server: a shop page calls a
// backend that joins the browser's trace with the official OTel SDK, and the spans that
// reach Flashlight must form one trace from the click to the backend. Also: the runaway
// detector on a page with the infinite-scroll bug (and not on a correct one), and the
// spans of a page's last moments, sent by beacon as it goes away.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempServer, type TempServer } from '@flashlight/server/testing';
import { flashlightReader, recordExports as recordPageExports, type Fields } from './e2e/flashlight-reads.ts';
import type { Listening } from './e2e/listen.ts';
import { startShopBackend, type BackendRequest, type ShopBackend } from './e2e/shop-backend.ts';
import { startTestSite } from './e2e/test-site.ts';
import { ALREADY_STARTED } from './init.ts';
import { INVALID_ENDPOINT, INVALID_SAMPLE_RATE } from './validate-options.ts';

const CHROMIUM = '/usr/bin/chromium';

/** What the test pages put on window (types only: page.evaluate bodies run in the page). */
interface TestPage {
  kit: { flush(): Promise<void>; shutdown(): Promise<void> };
  FlashlightBrowser: { init(options: object): TestPage['kit'] };
  loads: { sent: number; failed: string[]; finished: boolean };
}

let flashlight: TempServer;
let browser: Browser;
let backend: ShopBackend;
let site: Listening;
let reader: ReturnType<typeof flashlightReader>;

const recordExports = (page: Page) => recordPageExports(page, `${flashlight.url}/v1/traces`);
const storedTrace = (traceId: string, ready: (spans: Fields[]) => boolean) => reader.trace(traceId, ready);
const queryEvents = (query: Fields, dataset = 'shop-web') => reader.query(dataset, query);
const named = (spans: Fields[], name: string) => spans.find((span) => span.name === name);
const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1] ?? '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install chromium\``);
  flashlight = await startTempServer();
  backend = await startShopBackend(flashlight.url);
  // The backend's spans are batched: send them before every read.
  reader = flashlightReader(flashlight.url, () => backend.provider.forceFlush());
  site = await startTestSite({ endpoint: flashlight.url, backend: backend.url });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await backend?.provider.shutdown();
  backend?.server.close();
  site?.server.close();
  await flashlight?.dispose();
});

describe('@flashlight/browser in Chromium', () => {
  it('makes one trace from a click through fetch to the backend span', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/shop.html`);
    await page.click('#load-more');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'loaded 10');
    await page.evaluate(() => (window as unknown as TestPage).kit.flush());

    const traceparent = backend.requests.find((r) => r.url === '/api/products?page=1')?.traceparent;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const spans = await storedTrace(traceIdOf(traceparent), (s) => s.length >= 3);
    const click = named(spans, 'click');
    const fetchSpan = named(spans, 'GET /api/products');
    const server = spans.find((span) => span['service.name'] === 'shop-api');
    expect(click).toMatchObject({
      'service.name': 'shop-web',
      'service.version': '1.4.2',
      'telemetry.sdk.name': 'flashlight-browser',
      'target.selector': '#load-more',
      'target.text': 'Load more products',
      'user.id': 'u-42',
      'app.team': 'checkout',
    });
    expect(click?.['trace.parent_id'] ?? null).toBeNull();
    expect(click?.['session.id']).toMatch(/^[0-9a-f]{32}$/);
    expect(fetchSpan).toMatchObject({
      'trace.parent_id': click?.['trace.span_id'],
      'span.kind': 'client',
      'http.request.method': 'GET',
      'url.full': `${backend.url}/api/products?page=1`,
      'http.response.status_code': 200,
      'server.address': '127.0.0.1',
      'user.id': 'u-42',
    });
    expect(traceparent?.split('-')[2]).toBe(fetchSpan?.['trace.span_id']);
    expect(server).toMatchObject({ name: 'GET /api/products', 'trace.parent_id': fetchSpan?.['trace.span_id'], 'span.kind': 'server' });

    // An element without an id is named by its path from the nearest one.
    const sent = recordExports(page);
    await page.click('#products li:nth-child(3)');
    // The click span ends in a task queued after the click's handlers: let it run, then flush.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)).then(() => (window as unknown as TestPage).kit.flush()));
    // The page's export request reaches this process as an event, a moment after flush() resolves there.
    await expect
      .poll(() => sent.find((span) => span.name === 'click')?.attributes)
      .toMatchObject({
        'target.selector': '#products > li',
        'target.tag': 'li',
        'target.text': 'product 3',
      });
    await page.close();
  });

  it('sends its batches on its own while the page stays open', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/shop.html`);
    const before = backend.requests.length;
    await page.click('#load-more');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'loaded 10');
    const traceparent = backend.requests.slice(before).find((r) => r.url === '/api/products?page=1')?.traceparent;
    // No flush and no page hide: the 5 s export timer sends the click and fetch spans.
    const spans = await storedTrace(traceIdOf(traceparent), (s) => s.length >= 3);
    expect(spans.map((span) => span.name).sort()).toEqual(['GET /api/products', 'GET /api/products', 'click']);
    await page.close();
  });

  it('traces XMLHttpRequest, route changes and unhandled errors the same way', async () => {
    const page = await browser.newPage();
    const sent = recordExports(page);
    await page.goto(`${site.url}/shop.html?resources`);
    await page.click('#load-reviews');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'reviews 2');
    await page.click('#open-cart svg'); // the click span names the button, not its icon
    await page.click('#broken');
    await page.evaluate(() => (window as unknown as TestPage).kit.flush());

    const traceparent = backend.requests.find((r) => r.url === '/api/products/7/reviews')?.traceparent;
    const spans = await storedTrace(traceIdOf(traceparent), (s) => s.length >= 3);
    const xhr = named(spans, 'GET /api/products/:id/reviews');
    expect(xhr).toMatchObject({ 'http.response.status_code': 200, 'trace.parent_id': named(spans, 'click')?.['trace.span_id'] });
    expect(spans.find((span) => span['service.name'] === 'shop-api')?.['trace.parent_id']).toBe(xhr?.['trace.span_id']);

    const navigation = sent.find((span) => span.name === 'navigation');
    expect(navigation?.attributes).toMatchObject({ 'navigation.type': 'push', 'navigation.from': `${site.url}/shop.html?resources`, 'page.path': '/cart' });
    expect(sent.find((span) => span.spanId === navigation?.parentSpanId)?.attributes).toMatchObject({ 'target.selector': '#open-cart', 'target.text': 'Cart' });
    expect(sent.find((span) => span.name === 'exception')?.attributes['page.path']).toBe('/cart');

    const exception = sent.find((span) => span.name === 'exception');
    expect(exception?.attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.source': 'error' });
    expect(exception?.attributes['exception.message']).toMatch(/coupon/);
    expect(exception?.attributes['exception.stacktrace']).toMatch(/shop\.html/);
    const stored = await storedTrace(exception?.traceId ?? '', (s) => s.some((span) => span.name === 'exception'));
    expect(named(stored, 'exception')).toMatchObject({ error: true, 'exception.type': 'TypeError' });

    const warnings: string[] = [];
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    await page.evaluate(() => {
      (window as unknown as TestPage).FlashlightBrowser.init({ serviceName: 'shop-web', endpoint: 'http://127.0.0.1:1', sampleRate: 0 });
    });
    expect(warnings).toEqual([ALREADY_STARTED]);

    const documentLoad = sent.find((span) => span.name === 'document_load');
    expect(sent.filter((span) => span.parentSpanId === documentLoad?.spanId).map((span) => span.name)).toEqual(
      expect.arrayContaining(['dns', 'tcp', 'request', 'response', 'dom', 'load_event', 'resource_fetch']),
    );
    const resources = sent.filter((span) => span.name === 'resource_fetch').map((span) => span.attributes);
    expect(resources).toContainEqual(expect.objectContaining({ 'url.full': `${site.url}/kit.js`, 'resource.initiator_type': 'script' }));
    expect(documentLoad?.attributes).toMatchObject({ 'page.path': '/shop.html', 'document_load.type': 'navigate', 'http.response.status_code': 200 });
    await page.close();
  });

  it('makes the page load part of the trace of the server that rendered it', async () => {
    const page = await browser.newPage();
    const sent = recordExports(page);
    await page.goto(`${site.url}/server-rendered.html`);
    await page.waitForFunction(() => performance.getEntriesByType('navigation')[0]?.toJSON().loadEventEnd > 0);
    // The kit records the load in a task after the load event: let it run, then flush.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)).then(() => (window as unknown as TestPage).kit.flush()));
    await expect
      .poll(() => sent.find((span) => span.name === 'document_load'))
      .toMatchObject({
        traceId: '5b8efff798038103d269b633813fc60c',
        parentSpanId: 'eee19b7ec3c1b174',
      });
    await page.close();
  });

  it('warns about bad options instead of throwing, stays off without an endpoint, and shuts down cleanly', async () => {
    const page = await browser.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    await page.goto(`${site.url}/next.html`);
    await page.addScriptTag({ url: '/kit.js' });
    const fetchWrapped = await page.evaluate(() => {
      const pageFetch = window.fetch;
      (window as unknown as TestPage).FlashlightBrowser.init({ serviceName: 'shop-web' });
      return window.fetch !== pageFetch;
    });
    expect(fetchWrapped).toBe(false);
    // With an endpoint it starts despite the bad sample rate, and shutdown puts the page back.
    const wrappedThenRestored = await page.evaluate(async (endpoint) => {
      const [pageFetch, pageOpen, pagePushState] = [window.fetch, XMLHttpRequest.prototype.open, history.pushState];
      const kit = (window as unknown as TestPage).FlashlightBrowser.init({ serviceName: 'shop-web', endpoint, sampleRate: 0.5 });
      const wrapped = window.fetch !== pageFetch && XMLHttpRequest.prototype.open !== pageOpen && history.pushState !== pagePushState;
      await kit.shutdown();
      return [wrapped, window.fetch === pageFetch && XMLHttpRequest.prototype.open === pageOpen && history.pushState === pagePushState];
    }, flashlight.url);
    expect(wrappedThenRestored).toEqual([true, true]);
    expect(warnings).toEqual([INVALID_ENDPOINT, INVALID_SAMPLE_RATE]);
    await page.close();
  });

  it('samples whole traces, and the backend spans of a kept trace count at the same rate', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/shop.html?sampleRate=4`);
    const before = backend.requests.length;
    let kept: BackendRequest | undefined;
    for (let clicks = 1; clicks <= 60 && !kept; clicks++) {
      await page.click('#load-more');
      await page.waitForFunction((items) => document.querySelectorAll('#products li').length >= items, clicks * 10);
      kept = backend.requests.slice(before).find((request) => request.traceparent?.endsWith('-01'));
    }
    expect(backend.requests.slice(before).every((request) => request.tracestate === 'ot=th:c')).toBe(true);
    await page.evaluate(() => (window as unknown as TestPage).kit.flush());

    const ofTrace = { calculations: [{ op: 'COUNT' }], filters: [{ column: 'trace.trace_id', op: '=', value: traceIdOf(kept?.traceparent) }] };
    expect(await queryEvents(ofTrace)).toEqual([{ COUNT: 8 }]); // click and fetch, each 1 in 4
    expect(await queryEvents(ofTrace, 'shop-api')).toEqual([{ COUNT: 4 }]);
    await page.close();
  });

  it('reports the infinite-scroll bug once as a runaway request, with the code that issued it', async () => {
    const page = await browser.newPage();
    const sent = recordExports(page);
    await page.goto(`${site.url}/scroll-bug.html`);
    await page.waitForFunction(() => (window as unknown as TestPage).loads.sent >= 60);
    await page.evaluate(() => (window as unknown as TestPage).kit.flush());

    const reports = sent.filter((span) => span.name === 'browser.runaway_request');
    expect(reports).toHaveLength(1);
    expect(reports[0].attributes).toMatchObject({
      'runaway.method': 'GET',
      'runaway.route': '/api/products?page=*',
      'runaway.count': 11,
      'runaway.rate_per_s': 2.2,
      'runaway.throttle': false,
      'server.address': '127.0.0.1',
    });
    expect(reports[0].attributes['code.stacktrace']).toMatch(/loadMore .*scroll-bug\.html/);
    const stored = await storedTrace(reports[0].traceId, (s) => s.length > 0);
    expect(named(stored, 'browser.runaway_request')).toMatchObject({ 'runaway.count': 11, 'runaway.route': '/api/products?page=*', error: true });
    await page.close();
  });

  it('throttles the runaway route when asked to, and counts what it refused', async () => {
    const page = await browser.newPage();
    const before = backend.requests.length;
    await page.goto(`${site.url}/scroll-bug.html?throttle`);
    await page.waitForFunction(() => (window as unknown as TestPage).loads.sent >= 60);
    const failed = await page.evaluate(() => (window as unknown as TestPage).loads.failed);
    expect(backend.requests.length - before).toBe(10);
    expect(failed).toHaveLength(50);
    expect(failed[0]).toMatch(/^RunawayRequestError: .*GET \/api\/products\?page=\*: .*runaway\.maxRequests/);
    // XMLHttpRequest is held back the same way, failing through its error event.
    const xhrOutcome = await page.evaluate(
      (backendUrl) =>
        new Promise<string>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', `${backendUrl}/api/products?page=99`);
          xhr.onerror = () => resolve(`error ${xhr.status}`);
          xhr.onload = () => resolve(`load ${xhr.status}`);
          xhr.send();
        }),
      backend.url,
    );
    expect(xhrOutcome).toBe('error 0');
    expect(backend.requests.length - before).toBe(10);

    // Hiding the page closes the episode; its summary goes out by beacon.
    await page.goto(`${site.url}/next.html`);
    const episodes = await queryEvents({
      calculations: [{ op: 'COUNT' }],
      filters: [
        { column: 'name', op: '=', value: 'browser.runaway_request_ended' },
        { column: 'runaway.throttled_count', op: '>', value: 0 },
      ],
      breakdowns: ['runaway.route', 'runaway.count', 'runaway.throttled_count'],
    });
    expect(episodes).toEqual([{ COUNT: 1, 'runaway.route': '/api/products?page=*', 'runaway.count': 61, 'runaway.throttled_count': 51 }]);
    const reports = await queryEvents({
      calculations: [{ op: 'COUNT' }],
      filters: [
        { column: 'name', op: '=', value: 'browser.runaway_request' },
        { column: 'runaway.throttle', op: '=', value: true },
      ],
    });
    expect(reports).toEqual([{ COUNT: 1 }]);
    await page.close();
  });

  it('stays quiet on infinite scroll done right', async () => {
    const page = await browser.newPage();
    const sent = recordExports(page);
    await page.goto(`${site.url}/scroll-ok.html`);
    // Scrolled until the list has loaded all it has, however long the loads take.
    await expect
      .poll(async () => {
        if (await page.evaluate(() => (window as unknown as TestPage).loads.finished)) return true;
        await page.mouse.wheel(0, 800);
        return false;
      })
      .toBe(true);
    await page.evaluate(() => (window as unknown as TestPage).kit.flush());
    expect(sent.filter((span) => span.name === 'GET /api/products')).toHaveLength(3);
    expect(sent.some((span) => span.name.startsWith('browser.runaway'))).toBe(false);
    await page.close();
  });

  it('records failed requests and unhandled rejections as errors', async () => {
    const page = await browser.newPage();
    const sent = recordExports(page);
    await page.goto(`${site.url}/shop.html`);
    await page.evaluate(async (backendUrl) => {
      await fetch(`${backendUrl}/api/checkout`, { method: 'POST' });
      await fetch('http://127.0.0.1:1/api/stock').catch(() => undefined);
      void Promise.reject(new RangeError('quantity out of range'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await (window as unknown as TestPage).kit.flush();
    }, backend.url);

    expect(sent.find((span) => span.name === 'POST /api/checkout')?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(sent.find((span) => span.name === 'GET /api/stock')?.attributes).toMatchObject({ 'error.type': 'TypeError', 'server.port': 1 });
    expect(sent.find((span) => span.name === 'exception')?.attributes).toMatchObject({
      'exception.type': 'RangeError',
      'exception.message': 'quantity out of range',
      'exception.source': 'unhandledrejection',
    });
    const checkout = sent.find((span) => span.name === 'POST /api/checkout');
    const stored = await storedTrace(checkout?.traceId ?? '', (s) => s.length >= 2);
    expect(named(stored, 'POST /api/checkout')).toMatchObject({ error: true, status_code: 2, status_message: 'HTTP 503' });
    await page.close();
  });

  it('reports long tasks, and the web vitals as the page hides', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/shop.html`);
    await page.click('#recalculate');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'recalculated');
    const sessionId = await page.evaluate(() => sessionStorage.getItem('flashlight.session_id'));
    await page.goto(`${site.url}/next.html`);

    const ofThisPage = (name: string) => [
      { column: 'name', op: '=', value: name },
      { column: 'session.id', op: '=', value: sessionId },
    ];
    // Counts, not exact timings: the machine may be busy, so only the slow handler's floor is known.
    const longTasks = await queryEvents({
      calculations: [{ op: 'COUNT' }],
      filters: [...ofThisPage('longtask'), { column: 'longtask.duration_ms', op: '>=', value: 240 }],
    });
    expect(longTasks[0]?.COUNT).toBeGreaterThanOrEqual(1);
    const vitals = await queryEvents({
      calculations: [{ op: 'COUNT' }],
      filters: [
        ...ofThisPage('web_vitals'),
        { column: 'web_vitals.inp_ms', op: '>=', value: 240 },
        ...['lcp_ms', 'fcp_ms', 'ttfb_ms', 'cls', 'inp_rating', 'lcp_rating'].map((vital) => ({ column: `web_vitals.${vital}`, op: 'exists' })),
      ],
    });
    expect(vitals).toEqual([{ COUNT: 1 }]);
    await page.close();
  });

  it('delivers what happened just before the page went away, by beacon', async () => {
    for (const leave of ['navigate', 'close'] as const) {
      const page = await browser.newPage();
      // Beacons of an unloading page are invisible to the DevTools protocol, so the page
      // notes each one in sessionStorage, which the next page of the tab can read.
      await page.addInitScript(() => {
        const sendBeacon = navigator.sendBeacon.bind(navigator);
        navigator.sendBeacon = (url, data) => {
          const queued = sendBeacon(url, data);
          const notes = JSON.parse(sessionStorage.getItem('e2e.beacons') ?? '[]') as string[];
          sessionStorage.setItem('e2e.beacons', JSON.stringify([...notes, `${(data as Blob).type} ${queued}`]));
          return queued;
        };
      });
      const before = backend.requests.length;
      await page.goto(`${site.url}/shop.html`);
      await page.click('#load-more');
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'loaded 10');
      const sessionId = await page.evaluate(() => sessionStorage.getItem('flashlight.session_id'));
      // No flush: the spans wait in the queue until the page hides.
      if (leave === 'navigate') await page.goto(`${site.url}/next.html`);
      else await page.close({ runBeforeUnload: true });

      const traceparent = backend.requests.slice(before).find((r) => r.url === '/api/products?page=1')?.traceparent;
      const spans = await storedTrace(traceIdOf(traceparent), (s) => s.length >= 3);
      expect(spans.map((span) => span.name).sort(), leave).toEqual(['GET /api/products', 'GET /api/products', 'click']);
      // The vitals are measured as the page hides and go with the same beacon; a quick
      // click still counts as an interaction.
      const vitals = await queryEvents({
        calculations: [{ op: 'COUNT' }],
        filters: [
          { column: 'name', op: '=', value: 'web_vitals' },
          { column: 'session.id', op: '=', value: sessionId },
          { column: 'web_vitals.inp_ms', op: 'exists' },
        ],
      });
      expect(vitals, leave).toEqual([{ COUNT: 1 }]);
      if (leave === 'navigate') {
        expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('e2e.beacons') ?? '[]'))).toContain('text/plain true');
        await page.close();
      }
    }
  });
});
