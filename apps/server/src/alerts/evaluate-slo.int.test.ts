// An SLO over generated events with a known bad rate, on a real store (each engine) with a
// clock the test moves: the right budget, counting only new minutes each cycle, and the
// fast-burn alert firing (once) on a burst of bad events and not on ordinary or mildly bad traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WideEvent } from '../events/wide-event.ts';
import { openAlertRig, startWebhookReceiver, type AlertRig, type WebhookReceiver } from './test-fixtures/alert-rig.ts';
import { countSloMinutes, RECOUNT_MINUTES } from './count-slo-minutes.ts';
import { readSloStatus } from './evaluate-slo.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../testing/clickhouse-database.ts';

const T0 = Math.floor(Date.now() / 60_000) * 60;

const request = (timeS: number, bad: boolean): WideEvent => ({
  timeUs: timeS * 1e6,
  sampleRate: 1,
  fields: { name: 'POST /orders', duration_ms: bad ? 900 : 120, error: false },
});

/** 20 orders a minute from `from` to `to`, one bad every ten minutes (0.5%); health checks, all slow, out of scope. */
function traffic(from: number, to: number): WideEvent[] {
  const events: WideEvent[] = [];
  for (let minute = from; minute < to; minute += 60) {
    for (let i = 0; i < 20; i++) events.push(request(minute + i * 3, i === 0 && (minute / 60) % 10 === 0));
    events.push({ timeUs: minute * 1e6, sampleRate: 1, fields: { name: 'GET /health', duration_ms: 5000, error: true } });
  }
  return events;
}

const badOrders = (events: WideEvent[]) => events.filter((e) => e.fields.name === 'POST /orders' && e.fields.duration_ms === 900).length;

const burst = (minute: number, n: number, bad: number) => Array.from({ length: n }, (_, i) => request(minute + (i % 60), i < bad));

describe.each(['duckdb', 'clickhouse'] as const)('SLO evaluation on %s', (engine) => {
  let rig: AlertRig;
  let hook: WebhookReceiver;
  let clickhouse: ClickHouseDatabase | undefined;
  beforeAll(async () => {
    if (engine === 'clickhouse') clickhouse = await createClickHouseDatabase();
    rig = await openAlertRig(T0, { clickhouse });
    hook = await startWebhookReceiver();
  }, 120_000);
  afterAll(async () => {
    await rig?.close();
    await hook?.close();
    await clickhouse?.drop();
  });

  it('keeps the budget, counts incrementally, and fires fast burn on a burst only', async () => {
    await rig.append('orders', traffic(T0 - 3 * 3600, T0));
    const slo = await rig.addSlo({
      name: 'orders fast and fine',
      dataset: 'orders',
      scope: [{ column: 'name', op: '=', value: 'POST /orders' }],
      good: [
        { column: 'duration_ms', op: '<', value: 300 },
        { column: 'error', op: '=', value: false },
      ],
      target_percent: 99,
      window_days: 1,
      recipients: [{ url: hook.url }],
    });

    await rig.scheduler.runDue();
    const before = await readSloStatus(rig.alerts, slo, new Date(T0 * 1000));
    // 3600 orders, 18 of them bad: half of a 1% budget.
    expect(before).toMatchObject({ total: 3600, bad: 18, compliance_percent: 99.5, alerts: { fast_burn: false, slow_burn: false } });
    expect(before.budget_remaining).toBeCloseTo(0.5, 10);
    expect(hook.requests).toBe(0);

    // A mildly bad minute: 10 bad in 20 more is far from 14.4x over the hour.
    const mild = [...traffic(T0, T0 + 60), ...burst(T0, 20, 10)];
    await rig.append('orders', mild);
    await rig.clock.advanceTo((T0 + 60) * 1000);
    await rig.scheduler.runDue();
    expect((await readSloStatus(rig.alerts, slo, new Date(rig.clock.now()))).bad).toBe(18 + badOrders(mild));
    expect(hook.requests, 'no alert on mildly bad traffic').toBe(0);

    // A burst: 300 failing orders within one minute.
    await rig.append('orders', [...traffic(T0 + 60, T0 + 120), ...burst(T0 + 60, 300, 300)]);
    await rig.clock.advanceTo((T0 + 120) * 1000);
    await rig.scheduler.runDue();
    expect(hook.received.map((n) => n.event).sort()).toEqual(['fast_burn', 'slow_burn']);
    const fast = hook.received.find((n) => n.event === 'fast_burn') as { detail: { burn_rates: Record<string, number> } };
    expect(fast.detail.burn_rates['60m']).toBeGreaterThanOrEqual(14.4);

    await rig.clock.advanceTo((T0 + 180) * 1000);
    await rig.append('orders', traffic(T0 + 120, T0 + 180));
    await rig.scheduler.runDue();
    expect(hook.requests, 'still burning: no repeat').toBe(2);

    // Each cycle queries only the minutes since the last, and a few again for late events.
    expect(await countSloMinutes(rig.store, rig.alerts, slo, T0 + 240)).toBe(RECOUNT_MINUTES + 1);
  });

  it('counts what lies beyond the burn windows by the hour, exactly', async () => {
    // 2 of 40 bad from 10 to 8 hours ago (hourly rows), 1 of 10 bad an hour ago (minute rows).
    const old = Array.from({ length: 40 }, (_, i) => request(T0 - 10 * 3600 + i * 180, i < 2));
    const recent = Array.from({ length: 10 }, (_, i) => request(T0 - 3600 + i * 60, i === 0));
    await rig.append('archive', [...old, ...recent]);
    const slo = await rig.addSlo({
      name: 'archive',
      dataset: 'archive',
      good: [{ column: 'duration_ms', op: '<', value: 300 }],
      target_percent: 90,
      window_days: 1,
    });
    await countSloMinutes(rig.store, rig.alerts, slo, T0);
    const status = await readSloStatus(rig.alerts, slo, new Date(T0 * 1000));
    expect(status).toMatchObject({ total: 50, bad: 3 });
    const rows = await rig.alerts.sloMinutes(slo.id, 0);
    expect(rows.filter((r) => r.minute < T0 - 6 * 3600).every((r) => r.minute % 3600 === 0)).toBe(true);
    expect(rows.filter((r) => r.minute >= T0 - 3600)).toHaveLength(10);
  });
});
