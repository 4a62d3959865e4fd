// The watcher on the demo's own traffic: a recording of the real shop (healthy, then each
// incident of the guided tour switched on for two minutes), replayed minute by minute into
// a Flashlight on a clock the test moves, so an hour of the demo takes seconds. In `npm
// test` the replay ends a few minutes after the vendor outage; FLASHLIGHT_SOAK=1 plays
// the whole recording. The findings feed is then read in Chromium on the same server.
//
// The recording was made on a loaded machine: its flag vendor began failing a few minutes
// into the healthy stretch (timeouts, then an open circuit) and kept failing, and the web
// and catalog services slowed with it, which the watcher reports as the change it is.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Finding, Findings } from '@flashlight/api';
import { startMemoryServer, TestClock, type TempServer } from '@flashlight/server/testing';
import { ensureBuilt, launchChromium } from '@flashlight/web/testing/ui-build';
import { STOREFRONT_BUILD } from './incidents.ts';
import { loadDemoRecording, planReplay, sendReplayMinute, type ReplayPlan } from './testing/replay-demo-traffic.ts';

const SOAK = process.env.FLASHLIGHT_SOAK === '1';
/** The watcher reads a minute this long after it ends (watcher.ts's INGEST_LAG_SECONDS). */
const LAG_MS = 5000;
/** Minutes played after an incident ends: time to notice it and see it recover. */
const AFTER = 3;

let server: TempServer;
let browser: Browser | undefined;
let plan: ReplayPlan;
let findings: Finding[];

const minuteOf = (ms: number) => Math.floor((ms - plan.start) / 60_000);
const incident = (name: ReplayPlan['incidents'][number]['name']) => plan.incidents.find((i) => i.name === name)!;
/** Findings that began while the incident was on (the watcher dates a change by its window's start). */
const during = (name: ReplayPlan['incidents'][number]['name']) =>
  findings.filter((f) => f.since * 1000 >= Math.floor(incident(name).from / 60_000) * 60_000 && f.since * 1000 < incident(name).to);

beforeAll(async () => {
  const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
  plan = planReplay(loadDemoRecording(), start, 1);
  const clock = new TestClock(start + LAG_MS - 60_000);
  server = await startMemoryServer({ watch: true }, { clock });
  const last = SOAK ? plan.minutes + AFTER : minuteOf(incident('vendor-outage').to) + AFTER;
  for (let minute = 0; minute <= last; minute++) {
    await sendReplayMinute(server.url, plan, minute);
    await clock.advanceTo(start + (minute + 1) * 60_000 + LAG_MS);
  }
  const response = await fetch(`${server.url}/api/v1/findings?time_range=${24 * 3600}`);
  findings = ((await response.json()) as Findings).findings;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('the watcher on the demo', () => {
  test('runaway-scroll: one finding on the storefront, the beta build named first', () => {
    const found = during('runaway-scroll');
    expect(found.map((f) => f.title)).toHaveLength(1);
    expect(found[0].where.services).toContain('storefront');
    expect(found[0].explanation!.causes[0]).toMatchObject({ field: 'app.version', value: STOREFRONT_BUILD.bad });
    expect(found[0].explanation!.traces.length).toBeGreaterThan(0);
  });

  test('the flag vendor failing in the recorded healthy stretch is found in the services it slowed, and nothing else is', () => {
    const before = findings.filter((f) => f.since * 1000 < Math.floor(incident('runaway-scroll').from / 60_000) * 60_000);
    expect(before.length).toBeGreaterThan(0);
    expect(before.some((f) => f.where.vendors.includes('flags'))).toBe(true);
    for (const f of before) for (const service of f.where.services) expect(['web', 'catalog'], f.title).toContain(service);
  });

  test('vendor-outage: one finding, led by the fulfilment vendor failing in orders', () => {
    const found = during('vendor-outage');
    expect(found.map((f) => f.title)).toHaveLength(1);
    expect(found[0].where.vendors).toContain('fulfilment');
    expect(found[0].explanation!.causes[0]).toMatchObject({ source: 'vendor', field: 'vendor.name', value: 'fulfilment' });
  });

  test('the findings feed in Chromium shows the runaway finding with its explanation, and its query link opens the query', async () => {
    const [finding] = during('runaway-scroll');
    await ensureBuilt();
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}/findings`);
    const card = page.locator(`[data-finding="${finding.id}"]`);
    await card.waitFor();
    expect(await card.locator('.finding-title').textContent()).toBe(finding.title);
    expect(await card.locator('.finding-causes li').first().textContent()).toContain(`app.version = "${STOREFRONT_BUILD.bad}"`);
    await card.getByRole('link', { name: 'Query', exact: true }).click();
    await page.locator('.chart canvas').first().waitFor();
    expect(new URL(page.url()).searchParams.get('dataset')).toBe(finding.explanation!.query.dataset);
  });

  // What the recording cannot support yet. The flag vendor is already failing (an open
  // circuit) from the healthy stretch on, so the outage adds no change of it to name. The
  // enterprise team's slow checkouts are a handful of POST /api/checkout spans a minute: the
  // five-minute pool saw P50 rise 1.6× in one replay and nothing in the next, and its
  // BubbleUp had too few slow events to name megacorp. The bad deploy restarts orders: web's
  // checkouts fail with ECONNREFUSED (found, led by web), but orders' own POST /orders (4 a
  // minute, slower on 2.4.0) is not found within the two minutes, so the deploy marker on
  // orders is not reached.
  test.todo('vendor-outage names the flag vendor as well');
  test.todo('team-slow: one finding naming team megacorp');
  test.todo('bad-deploy: one finding naming service.version 2.4.0 and the deploy marker');
});
