// The demo's control page in real headless Chromium, served by the routes the shop's web app
// serves it with: every incident with its description, its state and since when, switched
// from the page, and a link to the Flashlight query that finds it.
import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { INCIDENTS } from '../incidents.ts';
import { readDemoState, setIncident } from '../demo-state.ts';
import { findingQuery } from '../launch/incident-boards.ts';
import { startJsonService } from '../shop/json-service.ts';
import { launchChromium } from '../traffic/chromium-shoppers.ts';
import { controlRoutes } from './control-page.ts';

const FLASHLIGHT = 'http://127.0.0.1:4318';
let dir: string;
let stateFile: string;
let server: http.Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-demo-control-'));
  stateFile = path.join(dir, 'incidents.json');
  server = await startJsonService(
    0,
    controlRoutes(stateFile, () => readDemoState(stateFile), FLASHLIGHT),
  );
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_demo`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

test('lists every incident with its description, state, start and the query that finds it', async () => {
  setIncident(stateFile, 'team-slow', true);
  const since = readDemoState(stateFile).since['team-slow']!;
  const page = await browser.newPage();
  await page.goto(url);
  const rows = page.locator('tr[data-incident]');
  await rows.first().waitFor();
  expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.incident))).toEqual(Object.keys(INCIDENTS));
  for (const [name, description] of Object.entries(INCIDENTS)) {
    expect(await page.locator(`tr[data-incident="${name}"]`).textContent()).toContain(description);
  }
  const teamSlow = page.locator('tr[data-incident="team-slow"]');
  expect(await teamSlow.locator('[data-column=state]').textContent()).toBe(`on since ${await page.evaluate((ms) => new Date(ms).toLocaleTimeString(), since)}`);
  expect(await page.locator('tr[data-incident="bad-deploy"] [data-column=state]').textContent()).toBe('off');

  // The link is the Flashlight UI's permalink for the guided tour's query.
  const href = new URL((await teamSlow.getByRole('link', { name: 'Open the query in Flashlight' }).getAttribute('href'))!);
  expect(href.origin).toBe(FLASHLIGHT);
  expect(href.pathname).toBe('/');
  const { dataset, query } = findingQuery('team-slow');
  expect(href.searchParams.get('dataset')).toBe(dataset);
  expect(JSON.parse(href.searchParams.get('query')!)).toEqual({ ...query, time_range: 3600 });

  // Switched on from the page: the state file says so and the row shows since when.
  await page.getByLabel('Switch bad-deploy on').click();
  const badDeploy = page.locator('tr[data-incident="bad-deploy"] [data-column=state]');
  await expect.poll(() => badDeploy.textContent()).toMatch(/^on since /);
  expect(readDemoState(stateFile).incidents).toContain('bad-deploy');
  await page.getByLabel('Switch team-slow off').click();
  await expect.poll(() => teamSlow.locator('[data-column=state]').textContent()).toBe('off');
  expect(readDemoState(stateFile).incidents).toEqual(['bad-deploy']);
});
