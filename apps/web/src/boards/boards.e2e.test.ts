// A board in real headless Chromium against a real server: opened by its permalink it
// shows every saved query as a chart with its groups; a query added in the UI and saved
// is there, with its board filters, when the permalink is opened again.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startMemoryServer, type TempServer } from '@flashlight/server/testing';
import { ensureBuilt, launchChromium, saveScreenshot } from '../testing/ui-build.ts';

let server: TempServer;
let browser: Browser;
let page: Page;
let boardId: string;

beforeAll(async () => {
  await ensureBuilt();
  server = await startMemoryServer({ grpcPort: 'off' });
  const now = Date.now();
  const events = Array.from({ length: 40 }, (_, i) => ({
    time: new Date(now - 1_200_000 + i * 30_000).toISOString(),
    data: { 'vendor.name': 'fulfilment', 'vendor.outcome': i < 25 ? 'ok' : 'fallback', duration_ms: 20 + (i % 7) * 40 },
  }));
  expect((await fetch(`${server.url}/1/batch/orders`, { method: 'POST', body: JSON.stringify(events) })).status).toBe(200);
  const created = await fetch(`${server.url}/api/v1/boards`, {
    method: 'POST',
    body: JSON.stringify({
      name: 'vendor-outage',
      time_range: 3600,
      filters: [{ column: 'vendor.name', op: '=', value: 'fulfilment' }],
      queries: [
        { title: 'Fulfilment outcomes', dataset: 'orders', query: { calculations: [{ op: 'COUNT' }], breakdowns: ['vendor.outcome'] }, chart: 'stacked' },
        { title: 'Fulfilment latency', dataset: 'orders', query: { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }] }, chart: 'heatmap' },
      ],
    }),
  });
  boardId = ((await created.json()) as { id: string }).id;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

test('a board opened by its permalink shows each saved query as a chart with its groups', async () => {
  await page.goto(`${server.url}/boards/${boardId}`);
  const outcomes = page.getByRole('region', { name: 'Fulfilment outcomes' });
  // A stacked panel: one band per group, under its results table.
  await outcomes.getByRole('img', { name: 'COUNT, stacked by group' }).waitFor();
  expect(await outcomes.locator('polygon').evaluateAll((bands) => bands.map((band) => band.getAttribute('data-group')))).toEqual(['["ok"]', '["fallback"]']);
  expect(await outcomes.locator('.stacked-chart .chart-title').textContent()).toBe('COUNT stacked · total up to 2');
  expect(await page.getByLabel('Board name').inputValue()).toBe('vendor-outage');
  const table = await outcomes.locator('.results-table').textContent();
  expect(table).toContain('ok');
  expect(table).toContain('fallback');
  const latency = page.getByRole('region', { name: 'Fulfilment latency' });
  await latency.locator('canvas').first().waitFor();
  await saveScreenshot(page, 'board');
});

test('a panel and a board filter typed as clauses and saved are on the board when its permalink opens again, with no JSON in sight', async () => {
  await page.goto(`${server.url}/boards/${boardId}`);
  // The saved filter reads as a clause, and every panel says its query in words.
  expect(await page.getByLabel('Board filters').inputValue()).toBe('vendor.name = fulfilment');
  expect(await page.getByRole('region', { name: 'Fulfilment outcomes' }).locator('.panel-query').textContent()).toBe(
    'orders · COUNT by vendor.outcome · stacked',
  );
  await page.getByLabel('Panel title').fill('Slowest');
  await page.getByLabel('Panel dataset').fill('orders');
  await page.getByLabel('Panel calculations').fill('MAX(duration_ms)');
  await page.getByLabel('Panel group by').fill('vendor.outcome');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  // Board filters apply to every panel: only the fallbacks are left.
  await page.getByLabel('Board filters').fill('vendor.name = fulfilment AND vendor.outcome = fallback');
  await page.getByLabel('Board filters').press('Enter');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'saved' }).waitFor();

  await page.goto(`${server.url}/boards/${boardId}`);
  const slowest = page.getByRole('region', { name: 'Slowest' });
  await slowest.locator('.chart canvas').first().waitFor();
  expect(await slowest.locator('.chart-title').first().textContent()).toBe('MAX(duration_ms)');
  expect(await slowest.locator('.panel-query').textContent()).toBe('orders · MAX(duration_ms) by vendor.outcome · line');
  expect(await page.locator('.board-panel').count()).toBe(3);
  const outcomes = await page.getByRole('region', { name: 'Fulfilment outcomes' }).locator('.results-table').textContent();
  expect(outcomes).toContain('fallback');
  expect(outcomes).not.toContain('ok');
  const saved = (await (await fetch(`${server.url}/api/v1/boards/${boardId}`)).json()) as { filters: unknown; queries: Array<{ query: unknown }> };
  expect(saved.filters).toEqual([
    { column: 'vendor.name', op: '=', value: 'fulfilment' },
    { column: 'vendor.outcome', op: '=', value: 'fallback' },
  ]);
  expect(saved.queries[2].query).toEqual({ calculations: [{ op: 'MAX', column: 'duration_ms' }], breakdowns: ['vendor.outcome'] });
  // Nothing on the board, text or field, is JSON.
  const fieldValues = await page.locator('.board-page input, .board-page textarea').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  for (const text of [await page.locator('.board-page').innerText(), ...fieldValues]) expect(text).not.toMatch(/[[{]\s*"/);
  expect(await page.locator('.board-page textarea').count()).toBe(0);
});

test('the query page downloads its answer as the CSV the export API gives', async () => {
  const query = { calculations: [{ op: 'COUNT' }], breakdowns: ['vendor.outcome'], time_range: 3600 };
  await page.goto(`${server.url}/?dataset=orders&query=${encodeURIComponent(JSON.stringify(query))}`);
  await page.locator('.results-table').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.result-downloads').getByRole('button', { name: 'CSV' }).click()]);
  const saved = await readFile((await download.path())!, 'utf8');
  const api = await (await fetch(`${server.url}/api/v1/query/csv`, { method: 'POST', body: JSON.stringify({ dataset: 'orders', query }) })).text();
  expect(saved).toBe(api);
  expect(saved).toContain('vendor.outcome,COUNT\r\n');
});

test('a query on the query page is added to a board and shows there', async () => {
  const query = { calculations: [{ op: 'AVG', column: 'duration_ms' }], breakdowns: ['vendor.outcome'], time_range: 3600 };
  await page.goto(`${server.url}/?dataset=orders&query=${encodeURIComponent(JSON.stringify(query))}`);
  await page.locator('.results-table').waitFor();
  await page.getByLabel('Add to board').selectOption({ label: 'vendor-outage' });
  await page.getByRole('status').filter({ hasText: 'added to' }).getByRole('link', { name: 'vendor-outage' }).click();
  const panel = page.getByRole('region', { name: 'AVG(duration_ms) by vendor.outcome' });
  await panel.locator('.chart canvas').first().waitFor();
  expect(await panel.locator('.chart-title').first().textContent()).toBe('AVG(duration_ms)');
});
