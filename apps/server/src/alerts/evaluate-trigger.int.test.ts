// Triggers on a real store (each engine) with a clock the test moves: a group crossing its threshold
// notifies a real webhook once, stays quiet while triggered, notifies once on recovery;
// a failing webhook is retried with backoff and every attempt is in the delivery log.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WideEvent } from '../events/wide-event.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../testing/clickhouse-database.ts';
import { openAlertRig, startWebhookReceiver, type AlertRig, type WebhookReceiver } from './test-fixtures/alert-rig.ts';

const T0 = Math.floor(Date.now() / 60_000) * 60;
let rig: AlertRig;
let receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await rig.close();
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

/** `n` failed checkouts in `region`, spread over the 50 seconds before `at`. */
const errors = (region: string, at: number, n: number): WideEvent[] =>
  Array.from({ length: n }, (_, i) => ({ timeUs: (at - 50 + (i % 50)) * 1e6, sampleRate: 1, fields: { region, error: true, duration_ms: 100 + i } }));

const trigger = (url: string) => ({
  name: 'checkout errors',
  dataset: 'checkout',
  query: { calculation: { op: 'COUNT' }, filters: [{ column: 'error', op: '=', value: true }], breakdowns: ['region'] },
  threshold: { op: '>', value: 5 },
  frequency_seconds: 60,
  duration_seconds: 300,
  recipients: [{ url }],
});

describe.each(['duckdb', 'clickhouse'] as const)('trigger evaluation on %s', (engine) => {
  let clickhouse: ClickHouseDatabase | undefined;
  beforeAll(async () => {
    if (engine === 'clickhouse') clickhouse = await createClickHouseDatabase();
  }, 120_000);
  afterAll(async () => clickhouse?.drop());

  it('notifies once when a group crosses the threshold and once when it recovers', async () => {
    rig = await openAlertRig(T0, { clickhouse });
    const hook = await startWebhookReceiver();
    receivers.push(hook);
    const item = await rig.addTrigger(trigger(hook.url));

    await rig.append('checkout', [...errors('eu', T0, 3), ...errors('us', T0, 2)]);
    expect(await rig.scheduler.runDue()).toBe(1);
    expect(hook.requests, 'below the threshold: nothing to say').toBe(0);

    await rig.clock.advanceTo((T0 + 30) * 1000);
    expect(await rig.scheduler.runDue(), 'not due again within its frequency').toBe(0);

    await rig.clock.advanceTo((T0 + 60) * 1000);
    await rig.append('checkout', errors('eu', T0 + 60, 10));
    await rig.scheduler.runDue();
    expect(hook.received).toMatchObject([
      { event: 'triggered', kind: 'trigger', id: item.id, name: 'checkout errors', group: '["eu"]', detail: { value: 13, threshold: { op: '>', value: 5 } } },
    ]);

    for (const minute of [2, 3]) {
      await rig.clock.advanceTo((T0 + minute * 60) * 1000);
      await rig.append('checkout', errors('eu', rig.clock.now() / 1000, 4));
      await rig.scheduler.runDue();
    }
    expect(hook.requests, 'no repeats while triggered').toBe(1);
    expect(Object.fromEntries(await rig.alerts.states(item.id))).toEqual({ '["eu"]': 'triggered' });

    // Ten minutes later the errors have left the five-minute window.
    await rig.clock.advanceTo((T0 + 13 * 60) * 1000);
    await rig.scheduler.runDue();
    expect(hook.received.map((b) => [b.event, b.group])).toEqual([
      ['triggered', '["eu"]'],
      ['ok', '["eu"]'],
    ]);
    expect(hook.requests).toBe(2);
    expect(rig.logged.filter((line) => line.includes('trigger'))).toEqual(['warn trigger "checkout errors": triggered', 'info trigger "checkout errors": ok']);
  });

  it('counts the sessions of a region with more than 3 errors', async () => {
    rig = await openAlertRig(T0, { clickhouse });
    const hook = await startWebhookReceiver();
    receivers.push(hook);
    const perSessions = {
      per: { breakdowns: ['session.id', 'region'], calculations: [{ op: 'COUNT', name: 'errors' }], filters: [{ column: 'error', op: '=', value: true }] },
      calculation: { op: 'COUNT' },
      filters: [{ column: 'errors', op: '>', value: 3 }],
      breakdowns: ['region'],
    };
    await rig.addTrigger({ ...trigger(hook.url), name: 'sessions in trouble', query: perSessions, threshold: { op: '>=', value: 2 } });
    const inSession = (session: string, events: WideEvent[]) => events.map((e) => ({ ...e, fields: { ...e.fields, 'session.id': session } }));
    // eu: two sessions of 4 errors; us: one of 4 and one of 3.
    await rig.append('checkout', [
      ...inSession('a', errors('eu', T0, 4)),
      ...inSession('b', errors('eu', T0, 4)),
      ...inSession('c', errors('us', T0, 4)),
      ...inSession('d', errors('us', T0, 3)),
    ]);
    await rig.scheduler.runDue();
    expect(hook.received).toMatchObject([{ event: 'triggered', name: 'sessions in trouble', group: '["eu"]', detail: { value: 2 } }]);
  });
});

describe('trigger evaluation', () => {
  it('retries a failing webhook with backoff and logs every attempt', async () => {
    rig = await openAlertRig(T0);
    const flaky = await startWebhookReceiver(2);
    const down = await startWebhookReceiver();
    receivers.push(flaky, down);
    await down.close();
    const item = await rig.addTrigger({ ...trigger(flaky.url), recipients: [{ url: flaky.url }, { url: down.url }] });
    await rig.append('checkout', errors('eu', T0, 8));
    const started = Date.now();
    await rig.scheduler.runDue();
    expect(Date.now() - started, 'waited 20 ms, then 40 ms').toBeGreaterThanOrEqual(60);
    expect(flaky.requests).toBe(3);
    expect(flaky.received).toHaveLength(1);

    const log = await rig.alerts.deliveries('default', item.id, 10);
    const attempts = (url: string) =>
      log
        .filter((d) => d.url === url)
        .map((d) => [d.attempt, d.status, d.error === null])
        .sort();
    expect(attempts(flaky.url)).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 204, true],
    ]);
    expect(attempts(down.url), 'refused connections are retried too, then given up').toEqual([
      [1, null, false],
      [2, null, false],
      [3, null, false],
    ]);
    expect(log.find((d) => d.url === down.url)?.error).toMatch(/ECONNREFUSED/);
    expect(rig.logged).toContain('error webhook delivery gave up');
  });

  it('keeps hostile field names and values as data', async () => {
    rig = await openAlertRig(T0);
    const hook = await startWebhookReceiver();
    receivers.push(hook);
    const field = 'team"; DROP TABLE fl_alert_items; --';
    const value = "o'brien\u0000<script>";
    await rig.append(
      'checkout',
      Array.from({ length: 3 }, (_, i) => ({ timeUs: (T0 - 5 - i) * 1e6, sampleRate: 1, fields: { [field]: value, error: true } })),
    );
    await rig.addTrigger({
      ...trigger(hook.url),
      query: { calculation: { op: 'COUNT' }, filters: [{ column: field, op: '=', value }], breakdowns: [field] },
      threshold: { op: '>=', value: 3 },
    });
    await rig.scheduler.runDue();
    expect(hook.received).toMatchObject([{ event: 'triggered', group: JSON.stringify([value]), detail: { value: 3 } }]);
    expect(await rig.alerts.items('trigger')).toHaveLength(1);
  });
});
