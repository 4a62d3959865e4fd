// The service map, vendor scorecards and gap report in real headless Chromium against a
// real server fed by the real OpenTelemetry SDK: the map draws every node without
// overlaps, an edge leads to its example trace, a node to its query, and the vendor and
// gap pages show what the API found.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startMemoryServer, type TempServer, sendPlantedShop, type PlantedShop } from '@flashlight/server/testing';
import { ensureBuilt, launchChromium, saveScreenshot } from '../testing/ui-build.ts';

let server: TempServer;
let browser: Browser;
let page: Page;
let shop: PlantedShop;
let query: string;

beforeAll(async () => {
  await ensureBuilt();
  server = await startMemoryServer();
  const t0 = (Math.floor(Date.now() / 1000) - 300) * 1000;
  shop = await sendPlantedShop(server.url, t0);
  query = encodeURIComponent(JSON.stringify({ start_time: t0 / 1000 - 60, end_time: t0 / 1000 + 540 }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('service map page', () => {
  test('draws every node once, none overlapping, and an edge leads to its example trace', async () => {
    await page.goto(`${server.url}/service-map?query=${query}`);
    await page.locator('svg.service-map').waitFor();
    const nodes = await page.locator('[data-node]').evaluateAll((items) =>
      items.map((item) => {
        const box = item.getBoundingClientRect();
        return { id: item.getAttribute('data-node')!, x: box.x, y: box.y, right: box.right, bottom: box.bottom };
      }),
    );
    expect(nodes.map((n) => n.id).sort()).toEqual([
      'browser:storefront',
      'peer:legacy-tax',
      'peer:maps.example.com',
      'queue:receipts',
      'service:mailer',
      'service:orders',
      'service:web',
      'vendor:fulfilment',
      'vendor:payments',
    ]);
    for (const a of nodes) for (const b of nodes) if (a !== b) expect(a.x < b.right && b.x < a.right && a.y < b.bottom && b.y < a.bottom).toBe(false);
    // The browser comes first, the vendors last.
    const x = (id: string) => nodes.find((n) => n.id === id)!.x;
    expect(x('browser:storefront')).toBeLessThan(x('service:web'));
    expect(x('service:orders')).toBeLessThan(x('vendor:fulfilment'));
    await saveScreenshot(page, 'service-map');

    await page.locator('[data-edge="service:orders->vendor:fulfilment"]').dispatchEvent('click');
    const panel = page.getByRole('complementary', { name: 'Selection' });
    expect(await panel.locator('[data-number="Requests"] dd').textContent()).toBe('60');
    expect(await panel.locator('[data-number="Errors"] dd').textContent()).toBe('10 (16.7%)');
    await panel.getByRole('link', { name: 'Example trace' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/trace\/[0-9a-f]{32}$/);
    await page.getByText('fulfilment ship').first().waitFor();
  });

  test('a node leads to the query over its spans', async () => {
    await page.goto(`${server.url}/service-map?query=${query}`);
    await page.locator('[data-node="service:orders"]').click();
    await page.getByRole('complementary', { name: 'Selection' }).getByRole('link', { name: 'Query its spans' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('dataset')).toBe('orders');
    await page.locator('.results-area').waitFor();
  });
});

describe('service map time range and fit', () => {
  test('shows the last 5 minutes by default, follows the chosen range with a sparkline per edge, and fits the screen or zooms', async () => {
    await page.setViewportSize({ width: 900, height: 700 });
    const firstAnswer = page.waitForResponse((r) => r.url().includes('/api/v1/service-map?time_range=300'));
    await page.locator('.topbar nav').getByRole('link', { name: 'Service map' }).click();
    await firstAnswer;
    expect(await page.getByLabel('Time range').inputValue()).toBe('300');
    await page.locator('svg.service-map').waitFor();
    expect(await page.locator('.flow-note').textContent()).toContain('whole range (5m)');

    const tenMinutes = page.waitForResponse((r) => r.url().includes('/api/v1/service-map?time_range=600'));
    await page.getByLabel('Time range').selectOption('600');
    await tenMinutes;
    await expect.poll(() => JSON.parse(new URL(page.url()).searchParams.get('query')!).time_range).toBe(600);
    // The outage shows on its edge's sparkline, not just in an average.
    const spark = page.locator('[data-spark="service:orders->vendor:fulfilment"]');
    await spark.waitFor();
    expect(await spark.locator('.spark-failing').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-spark="service:orders->vendor:payments"] .spark-failing').count()).toBe(0);
    expect(await spark.locator('.spark-line').getAttribute('d')).toMatch(/^M/);

    // Fitted: the whole map inside its viewport, every node in view.
    const viewport = page.locator('.service-map-scroll');
    const fits = async () => {
      const box = (await viewport.boundingBox())!;
      const nodes = await page.locator('[data-node]').evaluateAll((items) => items.map((item) => item.getBoundingClientRect().toJSON() as DOMRect));
      return nodes.every((n) => n.x >= box.x - 1 && n.right <= box.x + box.width + 1 && n.y >= box.y - 1 && n.bottom <= box.y + box.height + 1);
    };
    await expect.poll(fits).toBe(true);
    expect(await page.getByRole('button', { name: 'Fit to screen' }).getAttribute('aria-pressed')).toBe('true');
    const fitted = Number((await page.getByLabel('Zoom level').textContent())!.replace('%', ''));
    expect(fitted).toBeLessThan(100);

    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: '100%' }).click();
    expect(await page.getByLabel('Zoom level').textContent()).toBe('100%');
    // At its own size the map is wider than the screen: it scrolls instead of shrinking.
    expect(await viewport.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await fits()).toBe(false);
    await page.getByRole('button', { name: 'Fit to screen' }).click();
    await expect.poll(fits).toBe(true);
    await saveScreenshot(page, 'service-map-fitted');
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});

describe('vendor and gap pages', () => {
  test('reached from the main navigation and the tabs, they show the flaky vendor and every planted gap', async () => {
    await page.goto(server.url + '/');
    await page.locator('.topbar nav').getByRole('link', { name: 'Vendors' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/vendors');
    await page.goto(`${server.url}/service-map?query=${query}`);
    await page.locator('.flow-tabs').getByRole('link', { name: 'Vendors' }).click();
    const fulfilment = page.locator('[data-vendor="fulfilment"]');
    await fulfilment.waitFor();
    expect(await fulfilment.locator('[data-number="Availability"] dd').textContent()).toBe('83.3%');
    expect(await fulfilment.locator('[data-number="Fallbacks"] dd').textContent()).toBe('10 (16.7%)');
    expect(await fulfilment.locator('[data-number="Recovery after last outage"] dd').textContent()).toBe('10 s');
    await saveScreenshot(page, 'vendors');

    await page.locator('.flow-tabs').getByRole('link', { name: 'Gaps' }).click();
    const rows = page.locator('tr[data-gap]');
    await rows.first().waitFor();
    expect((await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-gap')))).sort()).toEqual([
      'browser_context_dropped',
      'orphan_span',
      'peer_only_service',
      'queue_context_lost',
      'service_context_dropped',
      'unwrapped_peer_call',
    ]);
    expect(await page.locator('.flow-note').textContent()).toContain('no new span for 2 min');
    await page.locator('tr[data-gap="orphan_span"]').getByRole('link', { name: 'trace' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/trace/${shop.orphanTrace}`);
  });
});
