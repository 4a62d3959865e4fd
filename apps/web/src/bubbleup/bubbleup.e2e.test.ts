// BubbleUp and the entity lens in real headless Chromium against a real server, with
// requests whose differences are known: select the slow region of a heatmap, see region
// and app.version ranked first, click a value to filter; open the erring user's lens.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startMemoryServer, type TempServer, ERROR_USER, SLOW_REGION, knownDifferenceEvents } from '@flashlight/server/testing';
import type { EntityLens } from '@flashlight/api';
import { ensureBuilt, launchChromium, saveScreenshot } from '../testing/ui-build.ts';

const now = Date.now();

let server: TempServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await ensureBuilt();
  server = await startMemoryServer();
  const sent = await fetch(`${server.url}/1/batch/api`, { method: 'POST', body: JSON.stringify(knownDifferenceEvents(600, now)) });
  expect(sent.status).toBe(200);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('BubbleUp in the UI', () => {
  test('selecting the slow region of a heatmap ranks region and app.version first; a value click filters the query', async () => {
    const query = { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], time_range: 3600, granularity: 60 };
    await page.goto(server.url + '/?dataset=api&query=' + encodeURIComponent(JSON.stringify(query)));
    const plot = page.locator('.chart.heatmap .chart-plot');
    // The legend shows once the heatmap holds counts: a box drawn before that selects nothing.
    await page.locator('.chart.heatmap .heat-legend').waitFor();
    // The upper third of the value axis holds only slow requests. What loads after the chart
    // (the field list, open findings above the page) can move it while a busy machine draws
    // the box, as it would move under a user's hand: then the box is drawn again where the
    // chart now is.
    const popover = page.locator('.chart.heatmap .popover-head strong');
    for (let attempt = 1; ; attempt++) {
      const box = (await plot.boundingBox())!;
      await page.mouse.move(box.x + 60, box.y + 10);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width - 20, box.y + box.height / 3, { steps: 5 });
      await page.mouse.up();
      const drawn = await popover.waitFor({ timeout: 10_000 }).then(
        () => true,
        (error: unknown) => {
          if (attempt >= 4) throw error;
          return false;
        },
      );
      if (drawn) break;
    }
    const counted = await popover.textContent();
    await page.getByRole('button', { name: 'BubbleUp: what is different?' }).click();

    const columns = page.locator('.bubbleup .bubbleup-column');
    await columns.first().waitFor();
    // One definition of the selection: BubbleUp compares the very events the heatmap counted.
    expect(await page.locator('.bubbleup .bubbleup-legend').first().textContent()).toContain(`selection: ${counted}`);
    const ranked = await columns.evaluateAll((items) => items.map((item) => item.getAttribute('data-field')));
    expect(ranked.slice(0, 2).sort()).toEqual(['app.version', 'region']);
    expect(ranked.at(-1)).toBe('duration_ms');
    const region = page.locator('.bubbleup-column[data-field="region"]');
    expect(await region.locator('.bubbleup-explanation').textContent()).toMatch(/^\d+% of the selection would need other values of region/);
    expect(await region.locator(`tr[data-value="${SLOW_REGION}"] .paired-bar.selected`).getAttribute('title')).toBe('100% of the selection');
    await saveScreenshot(page, 'bubbleup');

    // Near-unique columns are left out, and listed on request.
    expect(await page.locator('.bubbleup [data-field="trace.trace_id"]').count()).toBe(0);
    await page.locator('.bubbleup-near-unique-toggle').getByRole('button', { name: 'Show them' }).click();
    await page.locator('.bubbleup .bubbleup-column[data-field="trace.trace_id"]').waitFor();
    expect(await page.locator('.bubbleup .bubbleup-column[data-field="trace.trace_id"] .bubbleup-near-unique').textContent()).toBe('near-unique');

    await region.locator(`tr[data-value="${SLOW_REGION}"] button`).click();
    await expect
      .poll(() => JSON.parse(new URL(page.url()).searchParams.get('query') ?? '{}').filters)
      .toEqual([{ column: 'region', op: '=', value: SLOW_REGION }]);
  });

  test('compare from a group row: the erring user differs by its errors, and its value opens its lens', async () => {
    const query = { calculations: [{ op: 'COUNT' }], breakdowns: ['user.id'], time_range: 3600 };
    await page.goto(server.url + '/?dataset=api&query=' + encodeURIComponent(JSON.stringify(query)));
    const row = page.locator('table.results-table tbody tr', {
      has: page.locator(`td[data-column="user.id"]`, { hasText: new RegExp(`^${ERROR_USER}lens$`) }),
    });
    await row.getByRole('button', { name: 'compare' }).click();
    await page.locator('.bubbleup .bubbleup-column').first().waitFor();
    expect(await page.locator('.bubbleup .bubbleup-column').first().getAttribute('data-field')).toBe('error');
    await row.locator('a.lens-link').click();
    await page.locator('.entity-numbers').waitFor();
    expect(new URL(page.url()).pathname).toBe('/entity');
    expect(await page.locator('.entity-title h1').textContent()).toBe(`user.id = ${ERROR_USER}`);
  });

  test("the entity lens of the erring user shows its error rate beside everyone else's, as the API answers", async () => {
    const lens = `/entity?dataset=api&field=user.id&value=${ERROR_USER}&query=${encodeURIComponent(JSON.stringify({ time_range: 3600 }))}`;
    await page.goto(server.url + lens);
    const errorRow = page.locator('.entity-numbers tr[data-number="Error rate"]');
    await errorRow.waitFor();
    const api = (await (await fetch(`${server.url}/api/v1/entity?dataset=api&field=user.id&value=${ERROR_USER}&time_range=3600`)).json()) as EntityLens;
    const shown = (share: number | null) => `${((share ?? 0) * 100).toFixed(1)}%`;
    expect(await errorRow.locator('td[data-of="entity"]').textContent()).toBe(shown(api.entity.errorRate));
    expect(await errorRow.locator('td[data-of="everyone-else"]').textContent()).toBe(shown(api.everyoneElse.errorRate));
    expect(await page.locator('.entity-numbers thead').textContent()).toContain('Everyone else (this user.id excluded)');
    expect(await page.locator('li[data-rank="error rate"]').textContent()).toBe('error rate: higher than 100.0% of 29 other user.id values.');
    expect(await page.locator('table.entity-tail tbody tr').count()).toBe(api.latest.length);
    await page.locator('.bubbleup-column[data-field="error"]').waitFor();
    await saveScreenshot(page, 'entity-lens');
  });
});
