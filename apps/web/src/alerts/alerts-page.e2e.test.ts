// The alerts page in real headless Chromium: triggers with their conditions and states, SLOs
// with the budget the API computes and its burn-down; both made, changed and deleted.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startMemoryServer, type TempServer } from '@flashlight/server/testing';
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
  server = await startMemoryServer();
  const now = Math.floor(Date.now() / 1000);
  // 100 requests over the last half hour before this minute; 4 of them slow, all from one region.
  await post(
    '/1/batch/shop',
    Array.from({ length: 100 }, (_, i) => ({
      time: new Date((now - 1900 + i * 17) * 1000).toISOString(),
      data: { duration_ms: i % 25 === 0 ? 2000 : 80, region: i % 25 === 0 ? 'ap' : ['eu', 'us'][i % 2] },
    })),
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Building the UI and starting Chromium take far longer than usual on a busy machine.
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const triggerForm = () => page.getByRole('form', { name: /trigger/ });
const sloForm = () => page.getByRole('form', { name: /SLO/ });

describe('alerts page', () => {
  test('lists triggers and SLOs with the API’s budget, a burn-down, and states in words', async () => {
    const trigger = await post<{ id: string }>('/api/v1/triggers', {
      name: 'slow shop',
      dataset: 'shop',
      query: { calculation: { op: 'P99', column: 'duration_ms' } },
      threshold: { op: '>', value: 1000 },
      duration_seconds: 3600,
    });
    const slo = await post<{ id: string }>('/api/v1/slos', {
      name: 'shop fast',
      dataset: 'shop',
      good: [{ column: 'duration_ms', op: '<', value: 500 }],
      target_percent: 90,
      window_days: 1,
    });
    await page.goto(`${server.url}/alerts`);
    const triggerRow = page.locator(`tr[data-trigger-id="${trigger.id}"]`);
    await triggerRow.waitFor();
    expect(await triggerRow.textContent()).toContain('P99(duration_ms) > 1000');
    const budget = page.locator(`tr[data-slo-id="${slo.id}"] td[data-column="budget"]`);
    await expect.poll(() => budget.textContent(), { timeout: 30_000 }).not.toBe('–');
    // 4 bad in 100 spend 40% of a 10% budget.
    expect(await budget.textContent()).toBe('60%');
    // The events sit in the window's last hour; the burn-down still draws, down to 60%.
    const burnDown = page.locator(`tr[data-slo-id="${slo.id}"] svg.burn-down polyline`);
    const points = (await burnDown.getAttribute('points'))!.split(' ');
    expect(points.length).toBe(24);
    expect(points[0]).toBe('0.0,1.0');

    // The scheduler checks the trigger (P99 is 2000 ms): its state reads as words, not group keys.
    await expect
      .poll(
        async () => {
          await page.reload();
          return triggerRow.locator('[data-column=state]').textContent();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe('triggered');
  }, 120_000);

  test('makes, changes and deletes triggers and SLOs in labelled forms', async () => {
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.url}/alerts`);
    // A trigger made in the form.
    await triggerForm().getByLabel('Name').fill('errors in shop');
    await triggerForm().getByLabel('Dataset').fill('shop');
    await triggerForm().getByLabel('Calculation').fill('COUNT');
    await triggerForm().getByLabel('Where (optional)').fill('duration_ms >= 1000');
    await triggerForm().getByLabel('Alert when').selectOption('>=');
    await triggerForm().getByLabel('Threshold').fill('3');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    const row = page.locator('tr', { hasText: 'errors in shop' });
    await row.waitFor();
    const listed = async (kind: string, name: string) =>
      ((await (await fetch(`${server.url}/api/v1/${kind}`)).json()) as Array<Record<string, unknown>>).find((t) => t.name === name);
    expect(await listed('triggers', 'errors in shop')).toMatchObject({
      dataset: 'shop',
      query: { calculation: { op: 'COUNT' }, filters: [{ column: 'duration_ms', op: '>=', value: 1000 }] },
      threshold: { op: '>=', value: 3 },
      frequency_seconds: 60,
      duration_seconds: 300,
    });
    await triggerForm().getByLabel('Calculation').fill('P99()');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    expect(await triggerForm().getByRole('alert').textContent()).toMatch(/P99 needs a column/);

    // Changed: the form opens with the trigger's clauses and saves them through PUT.
    await row.getByRole('button', { name: 'Edit' }).click();
    const editing = page.getByRole('form', { name: 'Change trigger errors in shop' });
    expect(await editing.getByLabel('Where (optional)').inputValue()).toBe('duration_ms >= 1000');
    await editing.getByLabel('Where (optional)').fill('duration_ms >= 1000 AND region = ap');
    await editing.getByLabel('Threshold').fill('5');
    await page.getByRole('button', { name: 'Save trigger' }).click();
    await expect.poll(async () => row.textContent()).toContain('COUNT >= 5');
    expect(await listed('triggers', 'errors in shop')).toMatchObject({
      query: { filters: [{ column: 'duration_ms' }, { column: 'region', op: '=', value: 'ap' }] },
      threshold: { value: 5 },
    });

    // An SLO made in the form shows the same budget; changed, its budget follows.
    await sloForm().getByLabel('Name').fill('shop under a second');
    await sloForm().getByLabel('Dataset').fill('shop');
    await sloForm().getByLabel('Good events').fill('duration_ms < 1000');
    await sloForm().getByLabel('Target (%)').fill('90');
    await sloForm().getByLabel('Window (days)').fill('1');
    await page.getByRole('button', { name: 'Create SLO' }).click();
    const sloRow = page.locator('tr', { hasText: 'shop under a second' });
    const madeBudget = sloRow.locator('td[data-column="budget"]');
    await expect.poll(() => madeBudget.textContent(), { timeout: 30_000 }).toBe('60%');
    await sloRow.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('form', { name: 'Change SLO shop under a second' }).getByLabel('Target (%)').fill('80');
    await page.getByRole('button', { name: 'Save SLO' }).click();
    // 4 bad in 100 spend 20% of a 20% budget.
    await expect.poll(() => madeBudget.textContent(), { timeout: 30_000 }).toBe('80%');

    await sloRow.getByRole('button', { name: 'What the bad events share' }).click();
    const first = page.locator('.bubbleup [data-field]').first();
    await first.waitFor();
    expect(await first.getAttribute('data-field')).toBe('region');

    // Deleted: gone from the page and from the API.
    await row.getByRole('button', { name: 'Delete' }).click();
    await sloRow.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('tr', { hasText: /errors in shop|shop under a second/ }).count()).toBe(0);
    expect(await listed('triggers', 'errors in shop')).toBeUndefined();
    expect(await listed('slos', 'shop under a second')).toBeUndefined();
  }, 120_000);
});
