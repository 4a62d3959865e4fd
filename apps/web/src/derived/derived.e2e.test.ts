// The derived columns editor in real headless Chromium: an expression typed with completion,
// its error underlined where the checker points, fixed, previewed on the dataset's events by
// the engine, saved, then picked from the query builder's field list and queried.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startMemoryServer, type TempServer } from '@flashlight/server/testing';
import { ensureBuilt, launchChromium, saveScreenshot } from '../testing/ui-build.ts';

const HOSTILE_FIELD = '<img src=x onerror="window.__pwned = 1">';

let server: TempServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await ensureBuilt();
  server = await startMemoryServer();
  const now = Date.now();
  // 40 requests over the last 20 minutes: every fourth a 503, four others with an exception.
  const events = Array.from({ length: 40 }, (_, i) => ({
    time: new Date(now - i * 30_000 - 5_000).toISOString(),
    data: {
      'http.status_code': i % 4 === 0 ? 503 : 200,
      duration_ms: 10 + i,
      ...(i % 10 === 5 ? { 'exception.type': 'Timeout' } : {}),
      ...(i === 1 ? { [HOSTILE_FIELD]: 1 } : {}),
    },
  }));
  const response = await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body: JSON.stringify(events) });
  expect(response.status).toBe(200);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  page.on('dialog', (dialog) => void dialog.accept());
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('the derived columns editor', () => {
  test('shows an error where it is, previews the fixed expression, saves it, and the query builder offers it', async () => {
    await page.goto(`${server.url}/derived?dataset=shop`);
    const form = page.getByRole('form', { name: 'New derived column' });
    await form.getByLabel('Name').fill('is_error');
    const expression = form.getByRole('combobox', { name: 'Expression' });
    await expression.click();

    // Columns complete after `$`.
    await page.keyboard.type('OR(GTE($http.st');
    await page.getByRole('option', { name: /^\$http\.status_code/ }).waitFor();
    await page.keyboard.press('Tab');
    expect(await expression.inputValue()).toBe('OR(GTE($http.status_code');

    // A misspelt column: the checker's message, and the column underlined.
    await page.keyboard.type(', 500), EXISTS($exception.typ))');
    const problem = form.locator('.expression-problem');
    expect(await problem.textContent()).toBe('no column "exception.typ"; did you mean $exception.type? at 1:40');
    expect(await form.locator('.expression-highlight .expression-error').allTextContents()).toEqual(['$exception.typ']);
    expect(await form.locator('.expression-highlight .tok-function').allTextContents()).toEqual(['OR', 'GTE', 'EXISTS']);
    expect(await form.getByRole('button', { name: 'Create derived column' }).isDisabled()).toBe(true);

    // Fixed in place: the error goes, the type and the engine's values come.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('e');
    await problem.waitFor({ state: 'detached' });
    expect(await form.getByTestId('derived-type').textContent()).toBe('boolean');
    const previewRows = form.locator('.derived-preview-table tbody tr');
    await expect.poll(() => previewRows.count()).toBe(3);
    expect(await form.locator('.derived-preview-table thead th').allTextContents()).toEqual(['is_error', '$http.status_code', '$exception.type', 'events']);
    const preview = await previewRows.evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)));
    expect(preview).toEqual([
      ['false', '200', 'missing', '26'],
      ['true', '503', 'missing', '10'],
      ['true', '200', 'Timeout', '4'],
    ]);
    await saveScreenshot(page, 'derived-editor');

    await form.getByRole('button', { name: 'Create derived column' }).click();
    const row = page.locator('tr[data-derived-alias="is_error"]');
    await row.waitFor();
    expect(await row.locator('[data-column="type"]').textContent()).toBe('boolean');

    // A hostile field name is offered as text, quoted as the expression needs it.
    await page.getByRole('form', { name: 'New derived column' }).getByRole('combobox', { name: 'Expression' }).click();
    await page.keyboard.type('$');
    await page.getByRole('option', { name: /^\$"<img/ }).waitFor();
    expect(await page.locator('img').count()).toBe(0);

    // The query builder's field picker offers it as a derived column; grouped by it, the counts follow.
    await page.goto(`${server.url}/?dataset=shop`);
    await page.getByLabel('GROUP BY input').fill('is_e');
    const option = page.getByRole('option', { name: /^is_error/ });
    expect(await option.textContent()).toBe('is_errorboolean · derived');
    await page.getByLabel('GROUP BY input').press('ArrowDown');
    await page.getByLabel('GROUP BY input').press('Enter');
    await page.getByLabel('GROUP BY input').press('Control+Enter');
    await page.locator('table.results-table tbody tr').nth(1).waitFor();
    const counts = await page
      .locator('table.results-table tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [row.querySelector('[data-column="is_error"] .value')?.textContent, row.querySelector('[data-column="COUNT"]')?.textContent]),
      );
    expect(counts.sort()).toEqual([
      ['false', '26'],
      ['true', '14'],
    ]);

    // Deleted from its page: gone from the list.
    await page.goto(`${server.url}/derived?dataset=shop`);
    await page.locator('tr[data-derived-alias="is_error"]').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No derived columns yet').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }, 120_000);
});
