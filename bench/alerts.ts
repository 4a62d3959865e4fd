// Alerting benchmark: one scheduler cycle of 100 triggers and 20 SLOs over generated
// events in the DuckDB store. Triggers are compared with the same 100 queries run bare
// (the cost of states and notifications); the SLOs' incremental cycle with a rescan of
// each SLO's whole window (what counting per minute saves). `npx tsx bench/alerts.ts
// --events 1000000` (default 200,000, spread over the last six hours).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseServerConfig, openDuckDbControlStore, type WideEvent } from '@flashlight/server';
import {
  type Logger,
  openStore,
  runQuery,
  AlertStore,
  newAlertItemId,
  type StoredAlertItem,
  AlertScheduler,
  Notifier,
  TestClock,
} from '@flashlight/server/testing';
import { SloInputSchema, TriggerInputSchema } from '@flashlight/api';
import { numberFlag } from './number-flag.ts';

const EVENTS = numberFlag('events', 200_000);
const TRIGGERS = numberFlag('triggers', 100);
const SLOS = numberFlag('slos', 20);
const NOW = Math.floor(Date.now() / 60_000) * 60;
const SPAN_S = 6 * 3600;
const REGIONS = ['eu', 'us', 'ap', 'sa'];
const ROUTES = ['/cart', '/checkout', '/products', '/search', '/login'];

function events(): WideEvent[] {
  return Array.from({ length: EVENTS }, (_, i) => ({
    timeUs: (NOW - SPAN_S + (i * SPAN_S) / EVENTS) * 1e6,
    sampleRate: i % 10 === 0 ? 5 : 1,
    fields: {
      'http.route': ROUTES[i % ROUTES.length],
      region: REGIONS[(i * 7) % REGIONS.length],
      duration_ms: 20 + ((i * 7919) % 500),
      error: (i * 31) % 97 === 0,
    },
  }));
}

const time = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-alerts-'));
const store = await openStore(parseServerConfig({ dataDir, quiet: true }, {}), silent);
const control = await openDuckDbControlStore(dataDir);
try {
  const all = events();
  for (let i = 0; i < all.length; i += 50_000) await store.append({ environment: 'default', dataset: 'shop', events: all.slice(i, i + 50_000) });
  const alerts = await AlertStore.open(control);
  const audit = { at: new Date(), environment: 'default', actor: 'bench', action: 'bench', target: '', detail: {} };
  const calculations = [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }, { op: 'AVG', column: 'duration_ms' }];
  const triggers = Array.from({ length: TRIGGERS }, (_, k) =>
    TriggerInputSchema.parse({
      name: `trigger ${k}`,
      dataset: 'shop',
      query: {
        calculation: calculations[k % 3],
        filters: [{ column: 'http.route', op: '=', value: ROUTES[k % ROUTES.length] }],
        breakdowns: k % 2 ? ['region'] : [],
      },
      threshold: { op: '>', value: 100 + k },
      duration_seconds: 300 * (1 + (k % 4)),
    }),
  );
  for (const body of triggers)
    await alerts.put({ kind: 'trigger', id: newAlertItemId(), environment: 'default', body, createdAt: new Date(), createdBy: 'bench' }, audit);
  const slos: StoredAlertItem<'slo'>[] = [];
  for (let k = 0; k < SLOS; k++) {
    const body = SloInputSchema.parse({
      name: `slo ${k}`,
      dataset: 'shop',
      scope: [{ column: 'http.route', op: '=', value: ROUTES[k % ROUTES.length] }],
      good: [
        { column: 'duration_ms', op: '<', value: 400 + k },
        { column: 'error', op: '=', value: false },
      ],
      target_percent: 99,
      window_days: 1,
    });
    const item: StoredAlertItem<'slo'> = { kind: 'slo', id: newAlertItemId(), environment: 'default', body, createdAt: new Date(), createdBy: 'bench' };
    slos.push(item);
    await alerts.put(item, audit);
  }
  const clock = new TestClock(NOW * 1000);
  const scheduler = new AlertScheduler(store, alerts, new Notifier(alerts, silent), silent, { clock, concurrency: 4 });

  const firstCycle = await time(() => scheduler.runDue());
  await clock.advance(60_000);
  const steadyCycle = await time(() => scheduler.runDue());

  // Baselines: the trigger queries alone, and each SLO rescanning its whole window.
  const bareTriggers = await time(() =>
    Promise.all(
      triggers.map((t) =>
        runQuery(store, 'default', 'shop', {
          calculations: [t.query.calculation],
          filters: t.query.filters,
          breakdowns: t.query.breakdowns,
          start_time: clock.now() / 1000 - t.duration_seconds,
          end_time: clock.now() / 1000,
        }),
      ),
    ),
  );
  const rescan = await time(() =>
    Promise.all(
      slos.map(({ body }) =>
        Promise.all([
          runQuery(store, 'default', 'shop', { calculations: [{ op: 'COUNT' }], filters: body.scope, time_range: 86_400, end_time: clock.now() / 1000 }),
          runQuery(store, 'default', 'shop', {
            calculations: [{ op: 'COUNT' }],
            filters: [...body.scope, ...body.good],
            time_range: 86_400,
            end_time: clock.now() / 1000,
          }),
        ]),
      ),
    ),
  );
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(`${EVENTS.toLocaleString('en')} events over 6 h; ${TRIGGERS} triggers, ${SLOS} SLOs (1-day window)`);
  console.log(`first cycle (SLO minutes backfilled): ${ms(firstCycle)}`);
  console.log(`steady cycle, all ${TRIGGERS + SLOS} items due: ${ms(steadyCycle)}`);
  console.log(
    `baseline, the ${TRIGGERS} trigger queries bare + ${SLOS} whole-window SLO rescans: ${ms(bareTriggers + rescan)} (${ms(bareTriggers)} + ${ms(rescan)})`,
  );
  console.log(`ratio steady cycle / baseline: ${(steadyCycle / (bareTriggers + rescan)).toFixed(2)}`);
} finally {
  await store.close();
  await control.close();
  await rm(dataDir, { recursive: true, force: true });
}
