// Telemetry is hostile: field names and values, span and service names, vendors, markers,
// boards and alerts made of markup and `javascript:` text, shown in every view of the UI in
// real headless Chromium against a real server. Each view must show them as text and run nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startMemoryServer, type TempServer } from '@flashlight/server/testing';
import { ensureBuilt, launchChromium } from './testing/ui-build.ts';

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=2">';
const SVG = '"><svg onload="window.__pwned=3">';
const JS_URL = 'javascript:window.__pwned=4';

const now = Date.now();
const TRACE_ID = '5b8efff798038103d269b633813fc60d';
const RANGE = { time_range: 7200 };

/** Requests to the `shop` dataset whose field names and values are hostile. */
function hostileEvents() {
  return Array.from({ length: 40 }, (_, i) => ({
    // Older than the gaps page's settle window: these join the hostile trace as its children.
    time: new Date(now - (i % 30) * 60_000 - 180_000).toISOString(),
    data: {
      name: 'handle request',
      'service.version': SVG,
      duration_ms: i % 2 ? 900 + i : 20 + i,
      error: i % 2 === 1,
      // The slow, failing half carries the hostile value, so BubbleUp ranks this field first.
      [SCRIPT]: i % 2 ? IMG : 'calm',
      [IMG]: SVG,
      [JS_URL]: SCRIPT,
      'user.id': i % 4 === 1 ? JS_URL : `user-${i % 3}`,
      // A few claim a trace id that is a `javascript:` URL; links to it must stay in the app.
      'trace.trace_id': i % 10 === 3 ? JS_URL : TRACE_ID,
      'trace.span_id': `e${String(i).padStart(15, '0')}`,
      'trace.parent_id': 'a000000000000001',
    },
  }));
}

/**
 * One trace as OTLP/HTTP JSON: service IMG calls service SVG, the vendor JS_URL (wrapped,
 * falling back) and the peer SCRIPT (not wrapped); SVG also has a span whose parent never comes.
 */
function hostileTrace() {
  // Ten minutes old: settled, so the gaps page judges it (it waits for traces still arriving).
  const ns = (ms: number) => String(BigInt(now - 600_000 + ms) * 1_000_000n);
  const attributes = (fields: Record<string, string | boolean>) =>
    Object.entries(fields).map(([key, value]) => ({ key, value: typeof value === 'boolean' ? { boolValue: value } : { stringValue: value } }));
  const span = (spanId: string, parentSpanId: string, name: string, kind: number, startMs: number, endMs: number, extra: Record<string, unknown> = {}) => ({
    traceId: TRACE_ID,
    spanId,
    parentSpanId,
    name,
    kind,
    startTimeUnixNano: ns(startMs),
    endTimeUnixNano: ns(endMs),
    ...extra,
  });
  const resource = (service: string, spans: unknown[]) => ({
    resource: { attributes: attributes({ 'service.name': service }) },
    scopeSpans: [{ scope: { name: 'shop' }, spans }],
  });
  return {
    resourceSpans: [
      resource(IMG, [
        span('a000000000000001', '', SCRIPT, 2, 0, 400, {
          attributes: attributes({ [SCRIPT]: IMG, [SVG]: JS_URL, 'user.id': JS_URL }),
          events: [{ name: IMG, timeUnixNano: ns(50), attributes: attributes({ 'exception.message': SCRIPT }) }],
        }),
        span('a000000000000002', 'a000000000000001', SVG, 3, 10, 100, { attributes: attributes({ 'peer.service': SVG }) }),
        span('a000000000000003', 'a000000000000001', JS_URL, 3, 120, 220, {
          status: { code: 2, message: IMG },
          attributes: attributes({
            'vendor.name': JS_URL,
            'vendor.operation': SCRIPT,
            'vendor.outcome': 'fallback',
            'vendor.fallback': true,
            'peer.service': JS_URL,
          }),
        }),
        span('a000000000000004', 'a000000000000001', IMG, 3, 230, 300, { attributes: attributes({ 'peer.service': SCRIPT }) }),
      ]),
      resource(SVG, [
        span('b000000000000001', 'a000000000000002', JS_URL, 2, 20, 90, { attributes: attributes({ [JS_URL]: SCRIPT }) }),
        span('b000000000000002', 'dead00000000beef', SCRIPT, 2, 150, 160),
      ]),
    ],
  };
}

let server: TempServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

async function post<T>(pathname: string, body: unknown): Promise<T> {
  const response = await fetch(server.url + pathname, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  expect(response.status, `${pathname}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

const queryUrl = (dataset: string, query: object, columns: string[] = []) => {
  const params = new URLSearchParams({ dataset, query: JSON.stringify({ ...RANGE, ...query }) });
  if (columns.length > 0) params.set('columns', columns.join(','));
  return `${server.url}/?${params}`;
};
const flowUrl = (view: string) => `${server.url}/${view}?${new URLSearchParams({ query: JSON.stringify(RANGE) })}`;

/** Each text is on screen, as text, inside `scope` (the app's content by default). */
async function showsAsText(texts: string[], scope = 'main'): Promise<void> {
  for (const text of texts) await page.locator(scope).getByText(text, { exact: false }).filter({ visible: true }).first().waitFor();
}

/** No markup from telemetry made it into the page, no script ran, no dialog opened. */
async function expectNothingInjected(): Promise<void> {
  const injected = await page.evaluate(() => {
    const found: string[] = [];
    // No element anywhere carries an event-handler attribute (none of ours do).
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) if (attribute.name.toLowerCase().startsWith('on')) found.push(`${element.tagName} ${attribute.name}`);
    }
    // The app draws no images, runs no inline scripts, and labels each of its drawings.
    for (const element of document.querySelectorAll('main img, main script, main iframe, main svg:not([aria-label])')) found.push(element.tagName);
    for (const link of document.querySelectorAll('a[href]')) {
      if (/^\s*javascript:/i.test(link.getAttribute('href')!)) found.push(`a href=${link.getAttribute('href')}`);
    }
    return found;
  });
  expect(injected).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
}

beforeAll(async () => {
  await ensureBuilt();
  server = await startMemoryServer({ grpcPort: 'off' });
  await post('/1/batch/shop', hostileEvents());
  await post('/v1/traces', hostileTrace());
  await post('/api/v1/markers', { type: SCRIPT, message: IMG, dataset: 'shop', start_time: Math.floor(now / 1000) - 600 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('hostile telemetry is shown as text in every view', () => {
  test('query results grouped by a hostile field, and datasets named by hostile services', async () => {
    await page.goto(queryUrl('shop', { calculations: [{ op: 'COUNT' }], breakdowns: [SCRIPT] }));
    await page.locator('table.results-table tbody tr').first().waitFor();
    await showsAsText([SCRIPT, IMG]);
    expect(await page.locator('table.results-table td .value').allTextContents()).toEqual(expect.arrayContaining([IMG, 'calm']));
    // The markers on the chart, the hand-made one and the one the ledger made from a hostile version, say what they are on hover.
    const chart = page.locator('.chart[data-calculation="COUNT"]');
    await chart.locator('.marker.marker-api').hover();
    await showsAsText([SCRIPT, IMG], '.marker-tooltip');
    await chart.locator('.marker.marker-ledger').hover();
    await showsAsText([`shop: first service.version ${SVG}`], '.marker-tooltip');
    await expectNothingInjected();

    // Hovering the chart names the groups of the nearest bucket (the data fills the last half hour).
    const box = (await chart.locator('.chart-plot').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.97, box.y + box.height / 2);
    await showsAsText([IMG], '.chart .tooltip');
    await page.mouse.move(0, 0);
    await expectNothingInjected();

    // The recent queries name the hostile field in words.
    await page.locator('.recent summary').click();
    await showsAsText([`shop: COUNT by ${SCRIPT}`], '.recent');
    await page.locator('.recent summary').click();

    // The query builder suggests hostile field names and values as it suggests any other.
    await page.getByLabel('GROUP BY input').fill('<img');
    await page.getByRole('listbox').getByRole('option', { name: IMG }).waitFor();
    await page.getByLabel('GROUP BY input').fill('');
    await page.getByLabel('WHERE input').fill('user.id = javascript');
    await page.getByRole('listbox').getByRole('option', { name: JS_URL }).waitFor();
    await page.getByLabel('WHERE input').fill('');
    await expectNothingInjected();

    // A service named as markup is a dataset so named; its spans grouped by name.
    await page.goto(queryUrl(IMG, { calculations: [{ op: 'COUNT' }], breakdowns: ['name'] }));
    await page.locator('table.results-table tbody tr').first().waitFor();
    expect(await page.getByLabel('Dataset').locator('option').allTextContents()).toEqual(expect.arrayContaining([IMG, SVG]));
    await showsAsText([SCRIPT, SVG, JS_URL, IMG], 'table.results-table');
    await expectNothingInjected();
  });

  test('raw events, with hostile columns and an event expanded', async () => {
    await page.goto(queryUrl('shop', {}, [SCRIPT, IMG, 'user.id']));
    await page.locator('table.events-table tbody tr').first().waitFor();
    await showsAsText([SCRIPT, IMG, SVG], 'table.events-table');
    await page.locator('table.events-table tbody tr').first().click();
    await page.locator('tr.event-detail').waitFor();
    await showsAsText([SCRIPT, IMG, SVG, JS_URL], 'tr.event-detail');
    await expectNothingInjected();

    // A trace id that is a `javascript:` URL links to the trace page of that id, and nowhere else.
    const link = page.locator(`table.events-table a[href^="/trace/${encodeURIComponent(JS_URL)}?"]`).first();
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/trace/${encodeURIComponent(JS_URL)}`);
    await page.locator('.wf-row').first().waitFor();
    expect(await page.locator('.trace-header h1 code').textContent()).toBe(JS_URL);
    await expectNothingInjected();
  });

  test('the trace waterfall and its span panel', async () => {
    await page.goto(`${server.url}/trace/${TRACE_ID}`);
    await page.locator('.wf-row').first().waitFor();
    await showsAsText([SCRIPT, SVG, JS_URL, IMG], '.waterfall');
    await page
      .locator('.wf-row', { has: page.locator('.wf-op', { hasText: SCRIPT }) })
      .first()
      .click();
    await expect.poll(() => page.locator('.span-panel .span-title').textContent()).toBe(SCRIPT);
    // The span's attributes, its service and its exception event.
    await showsAsText([SCRIPT, IMG, SVG, JS_URL], '.span-panel');
    await expectNothingInjected();

    // Finding spans by hostile text matches it as text.
    await page.getByLabel('Find spans').fill(SVG);
    await expect.poll(() => page.locator('.trace-header').textContent()).toMatch(/[1-9]\d* matching/);

    // A pasted trace URL whose id is markup says it is not found, in words.
    await page.goto(`${server.url}/trace/${encodeURIComponent(SVG)}`);
    await showsAsText([`No trace with id ${SVG} was found`]);
    await expectNothingInjected();
  });

  test('the service map, a node and an edge selected', async () => {
    await page.goto(flowUrl('service-map'));
    await page.locator('svg.service-map').waitFor();
    const nodes = await page.locator('[data-node]').evaluateAll((items) => items.map((item) => item.getAttribute('data-node')));
    expect(nodes.sort()).toEqual([`peer:${SCRIPT}`, `service:${IMG}`, `service:${SVG}`, `vendor:${JS_URL}`].sort());
    await page.locator('g.map-node.vendor').click();
    const panel = page.getByRole('complementary', { name: 'Selection' });
    expect(await panel.locator('h2').textContent()).toBe(`vendor ${JS_URL}`);
    await page.locator('path.map-edge').first().dispatchEvent('click');
    expect(await panel.locator('h2').textContent()).toMatch(/→/);
    await showsAsText([IMG], '.map-panel');
    await expectNothingInjected();

    // A service named as markup leads to the query over its spans, in the dataset of that name.
    await page.locator('g.map-node.service', { hasText: IMG }).click();
    expect(await panel.locator('h2').textContent()).toBe(`service ${IMG}`);
    await panel.getByRole('link', { name: 'Query its spans' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('dataset')).toBe(IMG);
    await page.locator('table.results-table tbody tr').first().waitFor();
    await showsAsText([SCRIPT, SVG, JS_URL, IMG], 'table.results-table');
    await expectNothingInjected();
  });

  test('the vendor scorecards', async () => {
    await page.goto(flowUrl('vendors'));
    await page.locator('.vendor-card').first().waitFor();
    await showsAsText([JS_URL], '.vendor-cards');
    expect(await page.locator('.vendor-card h2').allTextContents()).toEqual(expect.arrayContaining([JS_URL, `${SCRIPT}not wrapped`]));
    await expectNothingInjected();

    // A vendor named as a `javascript:` URL leads to the query over its calls, not to its name.
    await page
      .locator('.vendor-card', { has: page.locator('h2', { hasText: JS_URL }) })
      .getByRole('link', { name: 'Query its calls' })
      .click();
    await expect
      .poll(() => JSON.parse(new URL(page.url()).searchParams.get('query') ?? '{}').filters)
      .toEqual([{ column: 'vendor.name', op: '=', value: JS_URL }]);
    await page.locator('table.results-table tbody tr').first().waitFor();
    await showsAsText([`vendor.name = ${JS_URL}`]);
    await expectNothingInjected();
  });

  test('the instrumentation gaps', async () => {
    await page.goto(flowUrl('gaps'));
    await page.locator('tr[data-gap]').first().waitFor();
    const kinds = await page.locator('tr[data-gap]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-gap')));
    // The peer SCRIPT is known only from the calls of IMG; the span of SVG has no parent.
    expect(kinds).toEqual(expect.arrayContaining(['orphan_span', 'peer_only_service']));
    await showsAsText([IMG, SVG, SCRIPT], 'table.gaps-table');
    await expectNothingInjected();
    await page.locator('tr[data-gap="peer_only_service"]').getByRole('link', { name: 'trace' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/trace/${TRACE_ID}`);
    await page.locator('.wf-row').first().waitFor();
    await expectNothingInjected();
  });

  test('BubbleUp from a hostile group, and the entity lens of a hostile field and value', async () => {
    await page.goto(queryUrl('shop', { calculations: [{ op: 'COUNT' }], breakdowns: [SCRIPT] }));
    const row = page.locator('table.results-table tbody tr', { has: page.locator('td .value', { hasText: IMG }) });
    await row.getByRole('button', { name: 'compare' }).click();
    await page.locator('.bubbleup .bubbleup-column').first().waitFor();
    await showsAsText([SCRIPT, IMG, SVG, JS_URL], '.bubbleup');
    await expectNothingInjected();

    await row.locator('a.lens-link').click();
    await page.locator('.entity-numbers').waitFor();
    expect(await page.locator('.entity-title h1').textContent()).toBe(`${SCRIPT} = ${IMG}`);
    await page.locator('.entity-page .bubbleup-column').first().waitFor();
    await showsAsText([SVG, JS_URL], '.entity-page .bubbleup-columns');
    await expectNothingInjected();
  });

  test('the changes page: a hand-made hostile marker, the one the ledger made from a hostile version, and a comparison', async () => {
    await page.goto(`${server.url}/changes`);
    const made = page.locator('.marker-list li', { hasText: IMG });
    await made.waitFor();
    expect(await made.locator('.marker-type').textContent()).toBe(SCRIPT);
    await showsAsText([`shop: first service.version ${SVG}`], '.marker-list');
    await made.getByRole('button', { name: 'Before / after' }).click();
    await made.locator('.before-after-table').waitFor();
    await made.getByRole('button', { name: 'BubbleUp: what is different after' }).click();
    await made.locator('.bubbleup-column').first().waitFor();
    await showsAsText([SCRIPT, IMG], '.marker-list .bubbleup');
    await expectNothingInjected();
  });

  test('a board named, described and grouped by hostile text', async () => {
    const board = await post<{ id: string }>('/api/v1/boards', {
      name: SCRIPT,
      description: IMG,
      queries: [
        { title: SVG, dataset: 'shop', query: { calculations: [{ op: 'COUNT' }], breakdowns: [SCRIPT] }, chart: 'table' },
        { title: JS_URL, dataset: 'shop', query: { calculations: [{ op: 'COUNT' }], breakdowns: [IMG] }, chart: 'stacked' },
      ],
    });
    await page.goto(`${server.url}/boards`);
    await showsAsText([SCRIPT]);
    await expectNothingInjected();
    await page.goto(`${server.url}/boards/${board.id}`);
    await page.locator('table.results-table tbody tr').first().waitFor();
    // The stacked panel draws one band per hostile group.
    await page.locator('svg[aria-label$="stacked by group"]').waitFor();
    await showsAsText([SCRIPT, IMG, SVG, JS_URL]);
    await expectNothingInjected();
  });

  test('the alerts page: a trigger grouped by a hostile field, and what the bad events of an SLO share', async () => {
    await post('/api/v1/triggers', {
      name: SCRIPT,
      dataset: 'shop',
      query: { calculation: { op: 'COUNT' }, breakdowns: [SCRIPT] },
      threshold: { op: '>', value: 0 },
    });
    await post('/api/v1/slos', { name: IMG, dataset: 'shop', good: [{ column: 'duration_ms', op: '<', value: 500 }], target_percent: 90, window_days: 1 });
    await page.goto(`${server.url}/alerts`);
    await showsAsText([SCRIPT, `COUNT by ${SCRIPT}`, IMG], '.alerts-page');
    await page.getByRole('button', { name: 'What the bad events share' }).click();
    await page.locator('.bubbleup .bubbleup-column').first().waitFor();
    await showsAsText([SCRIPT, IMG, SVG, JS_URL], '.bubbleup');
    await expectNothingInjected();
  });
});
