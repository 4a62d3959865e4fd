// The alerts page in real headless Chromium: triggers with their conditions and SLOs with
// the budget the API computes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTempServer, type TempServer } from '../../../server/src/testing/temp-server.ts';
import { ensureBuilt, launchChromium } from '../testing/ui-build.ts';

let server: TempServer;
let browser: Browser;
let page: Page;

async function post<T>(pathname: string, body: unknown): Promise<T> {
  const response = await fetch(server.url + pathname, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  expect(response.status, pathname).toBeLessThan(300);
  return (await response.json()) as T;
}

beforeAll(async () => {
  await ensureBuilt();
  server = await startTempServer();
  const now = Math.floor(Date.now() / 1000);
  // 100 requests over the last half hour before this minute; 4 of them slow, all from one region.
  await post('/1/batch/shop', Array.from({ length: 100 }, (_, i) => ({
    time: new Date((now - 1900 + i * 17) * 1000).toISOString(),
    data: { duration_ms: i % 25 === 0 ? 2000 : 80, region: i % 25 === 0 ? 'ap' : ['eu', 'us'][i % 2] },
  })));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('alerts page', () => {
  test('lists triggers and SLOs with the API’s budget', async () => {
    const trigger = await post<{ id: string }>('/api/v1/triggers', {
      name: 'slow shop',
      dataset: 'shop',
      query: { calculation: { op: 'P99', column: 'duration_ms' } },
      threshold: { op: '>', value: 1000 },
    });
    const slo = await post<{ id: string }>('/api/v1/slos', { name: 'shop fast', dataset: 'shop', good: [{ column: 'duration_ms', op: '<', value: 500 }], target_percent: 90, window_days: 1 });
    await page.goto(`${server.url}/alerts`);
    const triggerRow = page.locator(`tr[data-trigger-id="${trigger.id}"]`);
    await triggerRow.waitFor();
    expect(await triggerRow.textContent()).toContain('P99(duration_ms) > 1000');
    const budget = page.locator(`tr[data-slo-id="${slo.id}"] td[data-column="budget"]`);
    await expect.poll(() => budget.textContent()).not.toBe('–');
    // 4 bad in 100 spend 40% of a 10% budget.
    expect(await budget.textContent()).toBe('60%');

    // A trigger made in the form.
    await page.getByLabel('Trigger name').fill('errors in shop');
    await page.getByLabel('Trigger dataset').fill('shop');
    await page.getByLabel('Trigger calculation').fill('COUNT');
    await page.getByLabel('Trigger filter').fill('duration_ms >= 1000');
    await page.getByLabel('Threshold operator').selectOption('>=');
    await page.getByLabel('Threshold', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.locator('tr', { hasText: 'errors in shop' }).waitFor();
    const made = ((await (await fetch(`${server.url}/api/v1/triggers`)).json()) as Array<Record<string, unknown>>).find((t) => t.name === 'errors in shop');
    expect(made).toMatchObject({ dataset: 'shop', query: { calculation: { op: 'COUNT' }, filters: [{ column: 'duration_ms', op: '>=', value: 1000 }] }, threshold: { op: '>=', value: 3 }, frequency_seconds: 60, duration_seconds: 300 });
    await page.getByLabel('Trigger calculation').fill('P99()');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    expect(await page.locator('.alert-form [role=alert]').textContent()).toMatch(/P99 needs a column/);

    // An SLO made in the form shows the same budget.
    await page.getByLabel('SLO name').fill('shop under a second');
    await page.getByLabel('SLO dataset').fill('shop');
    await page.getByLabel('SLO good events').fill('duration_ms < 1000');
    await page.getByLabel('SLO target percent').fill('90');
    await page.getByLabel('SLO window days').fill('1');
    await page.getByRole('button', { name: 'Create SLO' }).click();
    const madeBudget = page.locator('tr', { hasText: 'shop under a second' }).locator('td[data-column="budget"]');
    await expect.poll(() => madeBudget.textContent(), { timeout: 10_000 }).toBe('60%');

    await page.getByRole('button', { name: 'What the bad events share' }).first().click();
    const first = page.locator('.bubbleup [data-field]').first();
    await first.waitFor();
    expect(await first.getAttribute('data-field')).toBe('region');
  });
});
