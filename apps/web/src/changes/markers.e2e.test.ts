// Markers on the charts in real headless Chromium: hand-made ones and those the change
// ledger recorded appear on every chart of a query (time series and heatmap) at their
// times, lines and bands, with their message shown as text on hover; nearby ones of a kind
// share a mark with their count, and kinds are switched off.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startMemoryServer, type TempServer } from '@flashlight/server/testing';
import { ensureBuilt, launchChromium, saveScreenshot } from '../testing/ui-build.ts';

const HOSTILE = '<img src=x onerror="window.__pwned = 1"> orders 2.4.0';
const now = Math.floor(Date.now() / 1000);

let server: TempServer;
let browser: Browser;
let page: Page;

async function post(pathname: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(server.url + pathname, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  expect(response.status, pathname).toBeLessThan(300);
  return (await response.json()) as { id: string };
}

beforeAll(async () => {
  await ensureBuilt();
  server = await startMemoryServer();
  // An hour of requests; version 2.0 takes over half an hour ago, and the ledger marks both versions.
  await post(
    '/1/batch/shop',
    Array.from({ length: 120 }, (_, i) => ({
      time: new Date((now - 3300 + i * 25) * 1000).toISOString(),
      data: { 'service.version': i < 60 ? '1.0' : '2.0', duration_ms: i < 60 ? 50 + (i % 7) : 250 + (i % 11), name: 'GET /products' },
    })),
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('markers on charts', () => {
  test('are drawn on every chart at their times, with their message on hover', async () => {
    const deploy = await post('/api/v1/markers', {
      type: 'deploy',
      message: HOSTILE,
      dataset: 'shop',
      start_time: now - 1200,
      url: 'https://ci.example/run/42',
    });
    const band = await post('/api/v1/markers', { type: 'config', message: 'pool resize', start_time: now - 2700, end_time: now - 2400 });
    await post('/api/v1/markers', { type: 'deploy', message: 'another dataset', dataset: 'billing', start_time: now - 600 });
    const query = { calculations: [{ op: 'COUNT' }, { op: 'HEATMAP', column: 'duration_ms' }], time_range: 3600 };
    await page.goto(`${server.url}/?dataset=shop&query=${encodeURIComponent(JSON.stringify(query))}`);

    const charts = page.locator('.chart');
    await page.locator('.chart .marker').first().waitFor();
    expect(await charts.count()).toBe(2);
    for (const chart of await charts.all()) {
      // The ledger's two versions, the shop deploy, the environment-wide band; not billing's.
      expect(await chart.locator('.marker').count()).toBe(4);
      expect(await chart.locator('.marker-band').count()).toBe(1);
      expect(await chart.locator('.marker-ledger').count()).toBe(2);
    }

    const first = charts.first();
    const x = async (selector: string) => (await first.locator(selector).boundingBox())!.x;
    const ledger = await first.locator('.marker-ledger').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().x));
    const [bandX, deployX] = [await x(`[data-marker-id="${band.id}"]`), await x(`[data-marker-id="${deploy.id}"]`)];
    // In time order: version 1.0 (55 min ago), the band (45), version 2.0 (30), the deploy (20).
    expect(ledger[0]).toBeLessThan(bandX);
    expect(bandX).toBeLessThan(ledger[1]);
    expect(ledger[1]).toBeLessThan(deployX);

    await first.locator(`[data-marker-id="${deploy.id}"]`).hover();
    const tooltip = first.locator('.marker-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.locator('.marker-message').textContent()).toBe(HOSTILE);
    expect(await tooltip.textContent()).toContain('https://ci.example/run/42');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    await charts.nth(1).locator(`[data-marker-id="${band.id}"]`).hover();
    expect(await charts.nth(1).locator('.marker-tooltip .marker-message').textContent()).toBe('pool resize');
    await saveScreenshot(page, 'markers-on-charts');
  });

  test('the changes page opens a marker’s before/after numbers, as the API gives them, and the audit log', async () => {
    const ledger = ((await (await fetch(`${server.url}/api/v1/markers?dataset=shop`)).json()) as Array<{ id: string; message: string }>).find((m) =>
      m.message.endsWith('2.0'),
    )!;
    const api = (await (await fetch(`${server.url}/api/v1/markers/${ledger.id}/comparison?window=1800`)).json()) as {
      before: { errors: number; p50_duration_ms: number };
      after: { p50_duration_ms: number };
    };
    await page.goto(`${server.url}/changes`);
    const row = page.locator(`.marker-list li[data-marker-id="${ledger.id}"]`);
    await row.getByRole('button', { name: 'Before / after' }).click();
    const p50 = row.locator('tr[data-row="P50 duration_ms"] td');
    await p50.first().waitFor();
    expect(await p50.allTextContents()).toEqual([String(api.before.p50_duration_ms), String(api.after.p50_duration_ms)]);
    expect(await page.locator('.marker-list .marker-message').allTextContents()).toContain(HOSTILE);
    // Per entry point, what moved is marked: the one endpoint's P50 and P99.
    const entry = row.locator('tr[data-entry-point="GET /products"]');
    expect(await entry.locator('td[data-moved]').count()).toBeGreaterThanOrEqual(2);
    expect(await row.locator('.before-after-summary').textContent()).toBe('1 of 1 entry points moved.');
    // BubbleUp of the after-window against the before-window ranks the version and the latency first.
    await row.getByRole('button', { name: 'BubbleUp: what is different after' }).click();
    const fields = row.locator('.bubbleup [data-field]');
    await fields.first().waitFor();
    expect((await fields.evaluateAll((nodes) => nodes.slice(0, 2).map((n) => n.getAttribute('data-field')))).sort()).toEqual([
      'duration_ms',
      'service.version',
    ]);
    await page.getByLabel('Marker type').selectOption('config');
    await page.getByLabel('Marker message').fill('cache TTL 60s → 5s');
    await page.getByLabel('Marker dataset').fill('shop');
    await page.getByRole('button', { name: 'Add marker now' }).click();
    await page.locator('.marker-list .marker-message', { hasText: 'cache TTL 60s → 5s' }).waitFor();
    const made = ((await (await fetch(`${server.url}/api/v1/markers?dataset=shop`)).json()) as Array<{ type: string; message: string; dataset: string }>).at(
      -1,
    );
    expect(made).toMatchObject({ type: 'config', message: 'cache TTL 60s → 5s', dataset: 'shop' });
    await page.reload();
    await page.locator('.audit-table tbody tr').nth(3).waitFor();
    const actions = await page.locator('.audit-table tbody tr td:nth-child(3)').allTextContents();
    expect(actions).toEqual(['marker.create', 'marker.create', 'marker.create', 'marker.create']);
    await saveScreenshot(page, 'changes-page');
  });

  test('a dozen nearby deploys of one dataset are one mark with their count, and kinds switch off and stay off', async () => {
    const made = [];
    for (let i = 0; i < 12; i++)
      made.push(await post('/api/v1/markers', { type: 'deploy', message: `service ${i} 3.0.${i}`, dataset: 'shop', start_time: now - 900 + i * 2 }));
    const query = { calculations: [{ op: 'COUNT' }, { op: 'HEATMAP', column: 'duration_ms' }], time_range: 3600 };
    await page.goto(`${server.url}/?dataset=shop&query=${encodeURIComponent(JSON.stringify(query))}`);
    const charts = page.locator('.chart');
    const group = charts.first().locator(`[data-marker-id="${made[0].id}"]`);
    await group.waitFor();
    for (const chart of await charts.all()) {
      expect(await chart.locator(`[data-marker-id="${made[0].id}"]`).getAttribute('data-count')).toBe('12');
      for (const other of made.slice(1)) expect(await chart.locator(`[data-marker-id="${other.id}"]`).count()).toBe(0);
    }
    expect(await group.locator('.marker-count').textContent()).toBe('12');
    await group.hover();
    const tooltip = charts.first().locator('.marker-tooltip');
    expect(await tooltip.locator('.tooltip-time').textContent()).toMatch(/^12 deploy markers · shop · /);
    expect(await tooltip.locator('li').count()).toBe(12);
    expect(await tooltip.locator('li').first().textContent()).toContain('service 0 3.0.0');

    // Deploys switched off: every deploy mark goes, the config band stays, and a reload keeps it so.
    const kinds = page.getByRole('group', { name: 'Markers shown' });
    await kinds.getByLabel(/^deploy/).uncheck();
    const deploysHidden = async () => {
      expect(await page.locator('.chart .marker[data-marker-kind="deploy"]').count()).toBe(0);
      expect(await page.locator('.chart .marker-band[data-marker-kind="config"]').count()).toBe(2);
    };
    await deploysHidden();
    await page.reload();
    await page.locator('.chart .marker-band').first().waitFor();
    await deploysHidden();
    await kinds.getByLabel(/^deploy/).check();
    await group.waitFor();
    await saveScreenshot(page, 'markers-grouped');
  });
});
