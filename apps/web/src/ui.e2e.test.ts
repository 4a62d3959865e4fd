// The UI in real headless Chromium against a real Flashlight server, with data sent the
// way clients send it (the Honeycomb batch API and OTLP/HTTP JSON): numbers shown equal
// the API's, permalinks reopen, drill-downs, the trace waterfall, heatmap selection, and
// hostile field values shown as text. Screenshots land in .test-output/screenshots/.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTempServer, type TempServer } from '@flashlight/server/testing';
import { ensureBuilt, launchChromium, saveScreenshot } from './testing/ui-build.ts';

const SCRIPT_VALUE = '<script>window.__pwned = "script"</script>';
const IMG_VALUE = '<img src=x onerror="window.__pwned = \'img\'">';
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const now = Date.now();
const shopTraceId = (i: number) => `feed${String(i).padStart(28, '0')}`;
const shopSpanId = (i: number) => `beef${String(i).padStart(12, '0')}`;
const [SHOP_TRACE_0, SHOP_SPAN_0] = [shopTraceId(0), shopSpanId(0)];

/** The shop's requests over the last 30 minutes: service, route, latency, status, user. */
function shopEvents() {
  const services = ['cart', 'web', 'payments'];
  return Array.from({ length: 90 }, (_, i) => ({
    time: new Date(now - (i % 30) * 60_000 - 5_000).toISOString(),
    samplerate: 1,
    data: {
      'service.name': services[i % 3],
      'http.route': i % 2 ? '/api/cart' : '/api/checkout',
      duration_ms: 20 + ((i * 37) % 400),
      'http.status_code': i % 10 === 0 ? 500 : 200,
      'user.name': i % 15 === 0 ? SCRIPT_VALUE : i % 15 === 1 ? IMG_VALUE : `user-${i % 5}`,
      // Each request is a one-span trace of its own.
      'trace.trace_id': shopTraceId(i),
      'trace.span_id': shopSpanId(i),
      name: 'handle request',
    },
  }));
}

/** One checkout as OTLP/HTTP JSON: frontend → cart and payments, the charge failing. */
function checkoutTrace() {
  const ns = (ms: number) => String(BigInt(now - 120_000 + ms) * 1_000_000n);
  const span = (spanId: string, parentSpanId: string, name: string, startMs: number, endMs: number, extra: Record<string, unknown> = {}) => ({
    traceId: TRACE_ID,
    spanId,
    parentSpanId,
    name,
    kind: 2,
    startTimeUnixNano: ns(startMs),
    endTimeUnixNano: ns(endMs),
    ...extra,
  });
  const resource = (service: string, spans: unknown[]) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [{ scope: { name: 'shop' }, spans }],
  });
  return {
    resourceSpans: [
      resource('frontend', [span('a000000000000001', '', 'GET /checkout', 0, 300), span('a000000000000002', 'a000000000000001', 'render page', 250, 290)]),
      resource('cart', [
        span('b000000000000001', 'a000000000000001', 'load cart', 10, 60, {
          // The cart was filled by an earlier request: a link to that request's trace.
          links: [{ traceId: SHOP_TRACE_0, spanId: SHOP_SPAN_0 }],
        }),
        span('b000000000000002', 'a000000000000001', 'warm cache', 15, 25),
      ]),
      resource('payments', [
        span('c000000000000001', 'a000000000000001', 'charge card', 70, 240, {
          status: { code: 2, message: 'card declined' },
          attributes: [
            { key: 'payment.note', value: { stringValue: IMG_VALUE } },
            { key: 'vendor.outcome', value: { stringValue: 'fallback' } },
          ],
          events: [{ name: 'exception', timeUnixNano: ns(230), attributes: [{ key: 'exception.message', value: { stringValue: 'card declined' } }] }],
        }),
      ]),
    ],
  };
}

let server: TempServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

async function api<T>(pathname: string, body?: unknown): Promise<T> {
  const response = await fetch(
    server.url + pathname,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
  );
  expect(response.status, `${pathname}: ${response.status}`).toBeLessThan(300);
  return (await response.json()) as T;
}

async function screenshot(name: string): Promise<void> {
  await saveScreenshot(page, name);
}

/** The query state in the page's URL. */
function urlQuery(): { dataset: string; query: Record<string, unknown> } {
  const params = new URL(page.url()).searchParams;
  return { dataset: params.get('dataset')!, query: JSON.parse(params.get('query')!) };
}

/** Waits for the raw events table, failing at once with the page's message if it shows one instead. */
async function waitForEvents(): Promise<void> {
  await page.locator('table.events-table tbody tr, [role=alert]').first().waitFor();
  const alerts = page.locator('[role=alert]');
  expect(await alerts.count(), (await alerts.allTextContents()).join(' ')).toBe(0);
}

/** The values a results table column shows (a group cell's value, not the links beside it). */
async function tableColumn(column: string): Promise<string[]> {
  return page
    .locator(`table.results-table td[data-column="${column}"]`)
    .evaluateAll((cells) => cells.map((cell) => (cell.querySelector('.value') ?? cell).textContent ?? ''));
}

beforeAll(async () => {
  await ensureBuilt();
  server = await startTempServer();
  await api('/1/batch/shop', shopEvents());
  const otlp = await fetch(`${server.url}/v1/traces`, {
    method: 'POST',
    body: JSON.stringify(checkoutTrace()),
    headers: { 'content-type': 'application/json' },
  });
  expect(otlp.status).toBe(200);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('the Flashlight UI', () => {
  test('a query built in the UI shows the same numbers as the query API', async () => {
    await page.goto(server.url + '/');
    await page.getByLabel('Dataset').selectOption('shop');
    await page.getByLabel('VISUALIZE input').fill('P99(duration_ms)');
    await page.getByLabel('VISUALIZE input').press('Enter');
    await page.getByLabel('GROUP BY input').fill('service.name');
    await page.getByLabel('GROUP BY input').press('Enter');
    await page.getByLabel('ORDER BY input').fill('COUNT desc');
    await page.getByLabel('ORDER BY input').press('Enter');
    await page.getByLabel('GROUP BY input').press('Control+Enter');
    await page.locator('table.results-table tbody tr').first().waitFor();

    const { dataset, query } = urlQuery();
    expect(dataset).toBe('shop');
    expect(query).toMatchObject({ calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }], breakdowns: ['service.name'] });
    const answer = await api<{ data: { results: { data: Record<string, number | string> }[] } }>('/api/v1/query', { dataset, query });
    const expected = answer.data.results.map((r) => [String(r.data['service.name']), String(r.data.COUNT), String(r.data['P99(duration_ms)'])]);
    const shown = await Promise.all([tableColumn('service.name'), tableColumn('COUNT'), tableColumn('P99(duration_ms)')]);
    expect(shown[0].map((name, i) => [name, shown[1][i], shown[2][i]])).toEqual(expected);
    expect(expected.map((row) => row[1])).toEqual(['30', '30', '30']);
    expect(await page.locator('.chart canvas').count()).toBe(2);
    await page.locator('.recent summary').click();
    expect(await page.locator('.recent li a').first().textContent()).toBe('shop: COUNT, P99(duration_ms) by service.name');
    await page.locator('.recent summary').click();
    await screenshot('query-results');
  });

  test('the permalink reopens the same query and results', async () => {
    const permalink = page.url();
    const other = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await other.goto(permalink);
    await other.locator('table.results-table tbody tr').first().waitFor();
    expect(await other.locator('[data-clause="GROUP BY"] .chip-text').allTextContents()).toEqual(['service.name']);
    expect(await other.locator('table.results-table td[data-column="COUNT"]').allTextContents()).toEqual(await tableColumn('COUNT'));
    await other.close();
  });

  test('switching to an absolute time range keeps the window and the answer', async () => {
    await page.getByLabel('Time range').selectOption('custom');
    await page.getByLabel('Start time').waitFor();
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect.poll(() => urlQuery().query.start_time).toBeTypeOf('number');
    const { query } = urlQuery();
    expect((query.end_time as number) - (query.start_time as number)).toBeGreaterThanOrEqual(7200);
    expect(query.time_range).toBeUndefined();
    await expect.poll(() => page.locator('.loading').count()).toBe(0);
    await page.locator('table.results-table tbody tr').first().waitFor();
    expect(await tableColumn('COUNT')).toEqual(['30', '30', '30']);
  });

  test('dragging across a chart zooms the query into that time range', async () => {
    const before = urlQuery().query as { start_time: number; end_time: number };
    const plot = page.locator('.chart[data-calculation="COUNT"] .chart-plot');
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => urlQuery().query.start_time).not.toBe(before.start_time);
    const after = urlQuery().query as { start_time: number; end_time: number };
    expect(after.start_time).toBeGreaterThan(before.start_time);
    expect(after.end_time).toBeLessThanOrEqual(before.end_time + 60);
    expect(after.end_time - after.start_time).toBeLessThan((before.end_time - before.start_time) / 2);
    await page.goBack();
    await expect.poll(() => urlQuery().query.start_time).toBe(before.start_time);
  });

  test('WHERE suggests the values a field takes, and the keyboard picks one', async () => {
    const where = page.getByLabel('WHERE input');
    await where.fill('http.route = /api/c');
    await page.getByRole('option', { name: '/api/cart' }).waitFor();
    expect(await page.getByRole('listbox').getByRole('option').allTextContents()).toEqual(['/api/cart', '/api/checkout']);
    await where.press('ArrowDown');
    await where.press('Enter');
    expect(await page.locator('[data-clause="WHERE"] .chip-text').allTextContents()).toEqual(['http.route = /api/cart']);
    await page.getByRole('button', { name: 'Remove http.route = /api/cart' }).click();
  });

  test('a query the API rejects says what is wrong and in which clause', async () => {
    const bad = { calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'http.route' }], time_range: 3600 };
    const other = await browser.newPage();
    await other.goto(server.url + '/?dataset=shop&query=' + encodeURIComponent(JSON.stringify(bad)));
    const alert = other.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/The query failed \(400\):.*http\.route.*in VISUALIZE, item 2/);
    await other.close();
  });

  test('one click drills from a group into the events behind it', async () => {
    const row = page.locator('table.results-table tbody tr', { has: page.locator('td[data-column="service.name"] .value', { hasText: /^cart$/ }) });
    await row.getByRole('button', { name: 'events' }).click();
    await waitForEvents();
    expect(urlQuery().query).toMatchObject({ filters: [{ column: 'service.name', op: '=', value: 'cart' }] });
    expect(urlQuery().query.calculations).toBeUndefined();
    const services = await page.locator('table.events-table td[data-column="service.name"]').allTextContents();
    expect(services.length).toBe(30);
    expect(new Set(services)).toEqual(new Set(['cart']));
    await page.locator('table.events-table tbody tr').first().click();
    await page.locator('tr.event-detail').waitFor();
    await screenshot('raw-events');

    // A field value becomes a filter with one click.
    const route = await page.locator('tr.event-detail .fields-table tr', { hasText: 'http.route' }).locator('.value').first().textContent();
    await page.locator('tr.event-detail .fields-table tr', { hasText: 'http.route' }).getByRole('button', { name: '=' }).click();
    await expect
      .poll(() => urlQuery().query.filters)
      .toEqual([
        { column: 'service.name', op: '=', value: 'cart' },
        { column: 'http.route', op: '=', value: route },
      ]);
    await waitForEvents();
    expect(new Set(await page.locator('table.events-table td[data-column="http.route"]').allTextContents())).toEqual(new Set([route]));

    // And any event with a trace id opens its trace.
    await page.locator('table.events-table tbody tr').first().getByRole('link', { name: 'trace' }).click();
    await page.locator('.wf-row').first().waitFor();
    expect(await page.locator('.span-panel .span-title').textContent()).toBe('handle request');
  });

  test('one click lists the slowest traces of a group, each opening its waterfall', async () => {
    const grouped = { calculations: [{ op: 'COUNT' }], breakdowns: ['service.name'], time_range: 7200 };
    await page.goto(server.url + '/?dataset=shop&query=' + encodeURIComponent(JSON.stringify(grouped)));
    const row = page.locator('table.results-table tbody tr', { has: page.locator('td[data-column="service.name"] .value', { hasText: /^web$/ }) });
    await row.getByRole('button', { name: 'traces' }).click();
    await expect.poll(() => urlQuery().query.breakdowns).toEqual(['trace.trace_id']);
    await expect.poll(() => page.locator('.loading').count()).toBe(0);
    const { dataset, query } = urlQuery();
    expect(query.filters).toEqual([
      { column: 'service.name', op: '=', value: 'web' },
      { column: 'trace.trace_id', op: 'exists' },
    ]);
    const answer = await api<{ data: { results: { data: Record<string, unknown> }[] } }>('/api/v1/query', { dataset, query });
    expect(await tableColumn('trace.trace_id')).toEqual(answer.data.results.map((r) => r.data['trace.trace_id']));
    expect(answer.data.results).toHaveLength(30);
    await page.locator('table.results-table td[data-column="trace.trace_id"] a').first().click();
    await page.locator('.wf-row').first().waitFor();
    expect(await page.locator('.wf-row .wf-service').allTextContents()).toEqual(['web']);
  });

  test('hostile field values are shown as text and run nothing', async () => {
    await page.goto(
      server.url +
        '/?dataset=shop&query=' +
        encodeURIComponent(JSON.stringify({ calculations: [{ op: 'COUNT' }], breakdowns: ['user.name'], time_range: 7200 })),
    );
    await page.locator('table.results-table tbody tr').first().waitFor();
    const names = await tableColumn('user.name');
    expect(names).toContain(SCRIPT_VALUE);
    expect(names).toContain(IMG_VALUE);
    expect(await page.locator('table.results-table img, table.results-table script').count()).toBe(0);
    // Hovering the chart shows group labels too: still text.
    const plot = page.locator('.chart-plot').first();
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.tooltip').waitFor();
    // Clicking a point picks the nearest group and offers its drill-downs.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.popover').getByRole('button', { name: 'Isolate' }).waitFor();
    expect(await page.locator('.chart-plot img, .chart-plot script').count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(await page.locator('.popover').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test('the trace waterfall shows spans in order and nesting, errors and the critical path', async () => {
    await page.goto(server.url + '/');
    await page.locator('.results, .empty').first().waitFor();
    // `/` jumps to the trace search, which takes a traceparent header as well as an id.
    await page.keyboard.press('/');
    await page.keyboard.type(`00-${TRACE_ID}-c000000000000001-01`);
    await page.keyboard.press('Enter');
    await page.locator('.wf-row').first().waitFor();
    expect(await page.locator('.span-panel .span-title').textContent()).toBe('charge card');
    const rows = await page
      .locator('.wf-row')
      .evaluateAll((els) => els.map((el) => [el.querySelector('.wf-op')!.textContent, Number(el.getAttribute('data-depth')), el.classList.contains('error')]));
    expect(rows).toEqual([
      ['GET /checkout', 0, false],
      ['load cart', 1, false],
      ['warm cache', 1, false],
      ['charge card', 1, true],
      ['render page', 1, false],
    ]);
    // The request waited on load cart, then the charge, then rendering; the cache warm-up ran alongside.
    const critical = await page.locator('.wf-row.critical .wf-op').allTextContents();
    expect(critical).toEqual(['GET /checkout', 'load cart', 'charge card', 'render page']);
    expect(await page.locator('.wf-row.error .wf-marker.span_event').count()).toBe(1);

    await page.locator('.wf-row', { hasText: 'charge card' }).click();
    await expect.poll(() => page.locator('.span-panel .span-title').textContent()).toBe('charge card');
    expect(await page.locator('.span-panel').textContent()).toContain(IMG_VALUE);
    expect(await page.locator('.span-panel img').count()).toBe(0);
    await screenshot('trace-waterfall');

    // Collapsing the root leaves it alone; the keyboard expands it again.
    await page.locator('.wf-row').first().getByRole('button', { name: 'Collapse' }).click();
    expect(await page.locator('.wf-row').count()).toBe(1);
    await page.locator('.wf-row').first().click();
    await page.locator('.waterfall').press('ArrowRight');
    expect(await page.locator('.wf-row').count()).toBe(5);

    // Finding a span inside a collapsed subtree unfolds it and selects the span.
    await page.locator('.wf-row').first().getByRole('button', { name: 'Collapse' }).click();
    await page.getByLabel('Find spans').fill('RENDER');
    expect(await page.locator('.trace-header').textContent()).toContain('1 matching');
    await page.getByLabel('Find spans').press('Enter');
    await expect.poll(() => page.locator('.span-panel .span-title').textContent()).toBe('render page');
    expect(await page.locator('.wf-row').count()).toBe(5);
    expect(await page.locator('.wf-row.match .wf-op').allTextContents()).toEqual(['render page']);
    await page.getByLabel('Find spans').fill('');

    // Dragging across the time axis zooms in: the cart load (10–60ms of 300ms) leaves the view.
    const axis = (await page.locator('.waterfall-header .wf-axis').boundingBox())!;
    await page.mouse.move(axis.x + axis.width * 0.4, axis.y + axis.height / 2);
    await page.mouse.down();
    await page.mouse.move(axis.x + axis.width * 0.9, axis.y + axis.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.getByRole('button', { name: 'Reset zoom' }).waitFor();
    expect(await page.locator('.wf-row', { hasText: 'load cart' }).locator('.wf-bar').count()).toBe(0);
    expect(await page.locator('.wf-row', { hasText: 'charge card' }).locator('.wf-bar').count()).toBe(1);
    await screenshot('trace-zoomed');
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    expect(await page.locator('.wf-row', { hasText: 'load cart' }).locator('.wf-bar').count()).toBe(1);

    // A span link opens the linked trace.
    await page.locator('.wf-row', { hasText: 'load cart' }).click();
    await page.getByRole('link', { name: 'Open linked trace' }).click();
    await expect.poll(() => page.locator('.span-panel .span-title').textContent()).toBe('handle request');
    expect(new URL(page.url()).pathname).toBe(`/trace/${SHOP_TRACE_0}`);
    await page.goBack();
    await page.locator('.wf-row', { hasText: 'charge card' }).waitFor();

    // Back to the aggregate: all spans like this one, as a query.
    await page.locator('.wf-row', { hasText: 'charge card' }).click();
    await page.getByRole('link', { name: 'All spans like this' }).click();
    await page.locator('table.results-table tbody tr').first().waitFor();
    expect(urlQuery().query).toMatchObject({
      filters: [
        { column: 'service.name', value: 'payments' },
        { column: 'name', value: 'charge card' },
      ],
    });
    expect(await tableColumn('COUNT')).toEqual(['1']);

    // And where the whole trace's time went, by service and operation.
    await page.goBack();
    await page.getByRole('link', { name: 'Spans by service and operation' }).click();
    await page.locator('table.results-table tbody tr').first().waitFor();
    expect(await tableColumn('name')).toEqual(['GET /checkout', 'charge card', 'load cart', 'render page', 'warm cache']);
    expect(await tableColumn('SUM(duration_ms)')).toEqual(['300', '170', '50', '40', '10']);
  });

  /** Opens HEATMAP(duration_ms) over the shop and drags across its upper half. */
  async function selectHeatmapRegion(): Promise<void> {
    const query = { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], time_range: 3600, granularity: 60 };
    await page.goto(server.url + '/?dataset=shop&query=' + encodeURIComponent(JSON.stringify(query)));
    const plot = page.locator('.chart.heatmap .chart-plot');
    // The legend shows once the heatmap holds counts: a box drawn before that selects nothing.
    await page.locator('.chart.heatmap .heat-legend').waitFor();
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + 60, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByText(/^\d+ events$/).waitFor();
  }

  test('a relational filter lists its traces, each opening with the matching spans highlighted', async () => {
    await page.goto(server.url + '/?dataset=payments');
    await page.getByLabel('WHERE input').fill('any.vendor.outcome = fallback');
    await page.getByLabel('WHERE input').press('Enter');
    await page.getByLabel('WHERE input').press('Control+Enter');
    await page.getByRole('link', { name: 'Show traces' }).click();
    await page.locator('table.trace-results tbody tr').first().waitFor();
    expect(urlQuery().query).toMatchObject({ filters: [{ column: 'any.vendor.outcome', op: '=', value: 'fallback' }], results: 'traces' });
    // The root is in another dataset (frontend) than the spans queried.
    expect(await page.locator('table.trace-results tbody tr td').first().textContent()).toBe('frontend · GET /checkout');
    await page.locator('table.trace-results tbody tr a').first().click();
    await page.locator('.wf-row.match').first().waitFor();
    expect(await page.locator('.wf-row.match .wf-op').allTextContents()).toEqual(['charge card']);
    expect(await page.getByTestId('matching-count').textContent()).toBe('1 matching the query');
    await screenshot('trace-matching-spans');
  });

  test('selecting a heatmap region lists the traces inside it, each a link to its waterfall', async () => {
    await selectHeatmapRegion();
    await screenshot('heatmap-selection');
    // Escape lets go of a selection.
    await page.keyboard.press('Escape');
    expect(await page.getByRole('button', { name: 'Slowest traces in selection' }).count()).toBe(0);
    await selectHeatmapRegion();
    await page.getByRole('button', { name: 'Slowest traces in selection' }).click();
    await page.locator('table.results-table tbody tr').first().waitFor();
    const { query } = urlQuery();
    expect(query).toMatchObject({
      breakdowns: ['trace.trace_id'],
      filters: [
        { column: 'duration_ms', op: '>=' },
        { column: 'duration_ms', op: '<=' },
        { column: 'trace.trace_id', op: 'exists' },
      ],
    });
    const [lower, upper] = (query.filters as { value: number }[]).map((f) => f.value);
    const slowest = (await tableColumn('MAX(duration_ms)')).map(Number);
    expect(slowest.length).toBeGreaterThan(0);
    expect(slowest).toEqual([...slowest].sort((a, b) => b - a));
    for (const d of slowest) {
      expect(d).toBeGreaterThanOrEqual(lower);
      expect(d).toBeLessThanOrEqual(upper);
    }
    await page.locator('table.results-table td[data-column="trace.trace_id"] a').first().click();
    await page.locator('.wf-row').first().waitFor();
    expect(await page.locator('.span-panel .span-title').textContent()).toBe('handle request');
    expect(Number(await page.locator('.span-panel tr', { hasText: 'duration_ms' }).locator('td .value').first().textContent())).toBe(slowest[0]);
  });

  test('selecting a heatmap region opens the events inside it', async () => {
    await selectHeatmapRegion();
    await page.getByRole('button', { name: 'Show events in selection' }).click();
    await waitForEvents();
    const { query: drilled } = urlQuery();
    const [lower, upper] = (drilled.filters as { value: number }[]).map((f) => f.value);
    expect(drilled).toMatchObject({
      filters: [
        { column: 'duration_ms', op: '>=' },
        { column: 'duration_ms', op: '<=' },
      ],
    });
    const durations = (await page.locator('table.events-table td[data-column="duration_ms"]').allTextContents()).map(Number);
    expect(durations.length).toBeGreaterThan(0);
    for (const d of durations) {
      expect(d).toBeGreaterThanOrEqual(lower);
      expect(d).toBeLessThanOrEqual(upper);
    }
  });

  test('the dark theme and the empty state', async () => {
    await page.goto(server.url + '/?dataset=shop');
    await page.locator('table.results-table, .chart').first().waitFor();
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot('query-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();

    const empty = await startTempServer();
    try {
      await page.goto(empty.url + '/');
      await expect.poll(() => page.locator('.welcome').textContent()).toContain(`Point an OpenTelemetry SDK at ${empty.url}`);
      await screenshot('empty-state');
    } finally {
      await empty.dispose();
    }
  });

  test('a server that requires API keys asks for one, and the UI then reads with it', async () => {
    const secured = await startTempServer();
    try {
      const created = await fetch(`${secured.url}/api/v1/keys`, {
        method: 'POST',
        body: JSON.stringify({ name: 'ui', kind: 'query', environment: 'staging' }),
        headers: { 'content-type': 'application/json' },
      });
      const { key } = (await created.json()) as { key: string };
      const signIn = await browser.newPage();
      await signIn.goto(secured.url + '/');
      await signIn.getByLabel('API key').fill('not-a-key');
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await signIn.getByRole('alert').waitFor();
      await signIn.getByLabel('API key').fill(key);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => signIn.locator('.identity').textContent()).toContain('staging · ui');
      await expect.poll(() => signIn.locator('.welcome').textContent()).toContain('No data yet');
      await signIn.close();
    } finally {
      await secured.dispose();
    }
  });

  test('a trace of 10,000 spans renders only the rows in view and scrolls to its end', async () => {
    const bigTrace = 'b1a2c3d4e5f60718293a4b5c6d7e8f90';
    const spans = Array.from({ length: 10_000 }, (_, i) => ({
      time: new Date(now - 60_000 + i).toISOString(),
      data: {
        'trace.trace_id': bigTrace,
        'trace.span_id': `s${i}`,
        ...(i > 0 ? { 'trace.parent_id': `s${Math.floor((i - 1) / 10)}` } : {}),
        name: `step ${i}`,
        'service.name': `svc-${i % 4}`,
        duration_ms: 5,
      },
    }));
    await api('/1/batch/bulk', spans);
    await page.goto(`${server.url}/trace/${bigTrace}`);
    await page.locator('.wf-row').first().waitFor();
    expect(await page.locator('.trace-header').textContent()).toContain('10000 spans');
    expect(await page.locator('.wf-row').count()).toBeLessThan(150);
    await page.locator('.waterfall').evaluate((el) => (el.scrollTop = el.scrollHeight));
    // The last of the 10,000 rows (in tree order) is now rendered, and still only a window of rows.
    const lastTop = () => page.locator('.wf-row').evaluateAll((rows) => Math.max(...rows.map((r) => parseFloat((r as HTMLElement).style.top))));
    await expect.poll(lastTop).toBe(9_999 * 24);
    expect(await page.locator('.wf-row').count()).toBeLessThan(150);
  });

  test('auto-refresh keeps a relative query current without blanking its results', async () => {
    const grouped = {
      calculations: [{ op: 'COUNT' }],
      breakdowns: ['service.name'],
      orders: [{ column: 'service.name', order: 'ascending' }],
      time_range: 7200,
    };
    await page.goto(server.url + '/?dataset=shop&query=' + encodeURIComponent(JSON.stringify(grouped)));
    await page.locator('table.results-table tbody tr').first().waitFor();
    expect(await tableColumn('COUNT')).toEqual(['30', '30', '30']);
    await page.getByLabel('Auto-refresh').selectOption('10');
    await api(
      '/1/batch/shop',
      [1, 2, 3].map((n) => ({ time: new Date(Date.now() - n * 1000).toISOString(), data: { 'service.name': 'cart', duration_ms: n } })),
    );
    // Read the table every 200ms until the refresh lands: it must never be empty meanwhile.
    const seen: string[][] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && seen.at(-1)?.[0] !== '33') {
      seen.push(await tableColumn('COUNT'));
      await page.waitForTimeout(200);
    }
    expect(seen.at(-1)).toEqual(['33', '30', '30']);
    expect(seen.filter((counts) => counts.length === 0)).toEqual([]);
    await page.getByLabel('Auto-refresh').selectOption('0');
  });

  test('a per-entity query built in the UI shows the same numbers as the query API', async () => {
    await page.goto(server.url + '/?dataset=shop&query=' + encodeURIComponent(JSON.stringify({ time_range: 7200 })));
    await page.getByLabel('PER input').fill('user.name: COUNT AS requests, MAX(duration_ms) AS slowest');
    await page.getByLabel('PER input').press('Enter');
    await page.getByLabel('PER WHERE input').fill('http.status_code = 200');
    await page.getByLabel('PER WHERE input').press('Enter');
    for (const calculation of ['COUNT', 'SUM(requests)', 'MAX(slowest)']) {
      await page.getByLabel('VISUALIZE input').fill(calculation);
      await page.getByLabel('VISUALIZE input').press('Enter');
    }
    await page.getByLabel('VISUALIZE input').press('Control+Enter');
    await page.locator('table.results-table tbody tr').first().waitFor();

    const { dataset, query } = urlQuery();
    expect(query.per).toEqual({
      breakdowns: ['user.name'],
      calculations: [
        { op: 'COUNT', name: 'requests' },
        { op: 'MAX', column: 'duration_ms', name: 'slowest' },
      ],
      filters: [{ column: 'http.status_code', op: '=', value: 200 }],
    });
    const answer = await api<{ data: { results: { data: Record<string, number> }[] } }>('/api/v1/query', { dataset, query });
    const [row] = answer.data.results;
    expect(row.data.COUNT).toBe(7); // user-0 … user-4 and the two hostile names
    for (const column of ['COUNT', 'SUM(requests)', 'MAX(slowest)']) expect(await tableColumn(column)).toEqual([String(row.data[column])]);
    expect(await page.locator('[data-clause="PER"] .chip-text').allTextContents()).toEqual(['PER user.name: COUNT AS requests, MAX(duration_ms) AS slowest']);
    await screenshot('per-entity');
  });

  test('asked for confidence, a sampled chart draws its band and a group of too few events is marked', async () => {
    // 120 requests kept 1 in 4, and one kept 1 in 20: its count is a guess.
    const sampled = [
      ...Array.from({ length: 120 }, (_, i) => ({
        time: new Date(now - (i % 30) * 60_000 - 5_000).toISOString(),
        samplerate: 4,
        data: { 'service.name': 'busy', duration_ms: 10 + (i % 40) },
      })),
      { time: new Date(now - 65_000).toISOString(), samplerate: 20, data: { 'service.name': 'quiet', duration_ms: 12 } },
    ];
    await api('/1/batch/sampled', sampled);
    const spec = { calculations: [{ op: 'COUNT' }], breakdowns: ['service.name'], time_range: 3600 };
    await page.goto(server.url + '/?dataset=sampled&query=' + encodeURIComponent(JSON.stringify(spec)));
    await page.locator('table.results-table tbody tr').first().waitFor();
    expect(await page.locator('.chart[data-calculation="COUNT"]').getAttribute('data-bands')).toBe('0');
    await page.getByLabel('Confidence intervals').check();
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect.poll(() => urlQuery().query.confidence).toBe(0.95);
    await expect.poll(() => page.locator('.chart[data-calculation="COUNT"]').getAttribute('data-bands')).toBe('2');
    const quiet = page.locator('table.results-table tr', { hasText: 'quiet' }).locator('td[data-column="COUNT"]');
    await expect.poll(() => quiet.getAttribute('class')).toContain('uncertain');
    expect(await quiet.textContent()).toContain('too few events');
    const busy = page.locator('table.results-table tr', { hasText: 'busy' }).locator('td[data-column="COUNT"]');
    expect(await busy.textContent()).toMatch(/^480 ± \d/);
    await screenshot('confidence-band');
  });

  test('two clicks compare a trace with its peers, which names the path that sets it apart; and with another trace', async () => {
    const traceId = (i: number) => `c0ffee${String(i).padStart(26, '0')}`;
    /** A checkout in two datasets: the root in web, the order and its price calls in orders. */
    const checkout = (i: number, prices: number) => {
      const at = (ms: number) => new Date(now - 600_000 + i * 5_000 + ms).toISOString();
      const span = (id: string, parent: string | null, name: string, startMs: number, durationMs: number) => ({
        time: at(startMs),
        data: {
          'trace.trace_id': traceId(i),
          'trace.span_id': `${i}-${id}`,
          ...(parent === null ? {} : { 'trace.parent_id': `${i}-${parent}` }),
          name,
          duration_ms: durationMs,
        },
      });
      const calls = Array.from({ length: prices }, (_, p) => span(`p${p}`, 'o', 'ecommerce price', 10 + p * 10, 10));
      return { web: [span('r', null, 'POST /checkout', 0, 30 + prices * 10)], orders: [span('o', 'r', 'POST /orders', 5, 20 + prices * 10), ...calls] };
    };
    const traces = [...Array.from({ length: 8 }, (_, i) => checkout(i, 2)), checkout(8, 30)];
    await api(
      '/1/batch/peers-web',
      traces.flatMap((t) => t.web),
    );
    await api(
      '/1/batch/peers-orders',
      traces.flatMap((t) => t.orders),
    );

    await page.goto(`${server.url}/trace/${traceId(8)}`);
    await page.getByRole('link', { name: 'Compare with peers' }).click();
    const ranking = page.getByRole('list', { name: 'What explains the difference' });
    await expect.poll(() => ranking.locator('li').first().textContent(), { timeout: 30_000 }).toContain('`ecommerce price` ran 30 times');
    expect(await ranking.locator('li').first().textContent()).toContain('peers: 2 (P50)');
    await screenshot('trace-compare-peers');

    await page.goto(`${server.url}/trace/${traceId(8)}`);
    await page.getByRole('button', { name: 'Compare with…' }).click();
    await page.getByLabel('Trace id to compare with').fill(traceId(0));
    await page.keyboard.press('Enter');
    const price = page.getByRole('table', { name: 'Aligned paths' }).locator('tr', { hasText: 'ecommerce price' });
    await expect.poll(() => price.textContent(), { timeout: 30_000 }).toContain('−28 in B');
    await screenshot('trace-compare-two');
  });
});
