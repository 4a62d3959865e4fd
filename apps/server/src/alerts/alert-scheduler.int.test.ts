// The scheduler: at most `concurrency` items evaluated at once, and an item still running
// (here, waiting on a slow webhook) is not started again when its time comes round.
import { afterAll, describe, expect, it } from 'vitest';
import { openAlertRig, startWebhookReceiver, type AlertRig, type WebhookReceiver } from './test-fixtures/alert-rig.ts';

const T0 = Math.floor(Date.now() / 60_000) * 60;
let rig: AlertRig;
let hook: WebhookReceiver;
afterAll(async () => {
  await rig.close();
  await hook.close();
});

describe('alert scheduler', () => {
  it('bounds concurrency and never overlaps runs of one item', async () => {
    rig = await openAlertRig(T0, { concurrency: 2 });
    hook = await startWebhookReceiver();
    // The hook holds its answers: the first two runs stay in flight until released.
    hook.hold();
    await rig.append('shop', [{ timeUs: (T0 - 10) * 1e6, sampleRate: 1, fields: { duration_ms: 5 } }]);
    for (let k = 0; k < 6; k++) {
      await rig.addTrigger({
        name: `t${k}`,
        dataset: 'shop',
        query: { calculation: { op: 'COUNT' } },
        threshold: { op: '>', value: 0 },
        recipients: [{ url: hook.url }],
      });
    }
    const first = rig.scheduler.runDue();
    // Both slots busy (their hook calls held), four items queued behind them.
    await expect.poll(() => hook.arrived, { timeout: 30_000 }).toBe(2);
    await rig.clock.advanceTo((T0 + 60) * 1000);
    expect(await rig.scheduler.runDue(), 'every item is still running or queued').toBe(0);
    expect(hook.arrived, 'no third run while both slots are busy').toBe(2);
    hook.release();
    expect(await first).toBe(6);
    expect(hook.received).toHaveLength(6);
    expect(hook.mostAtOnce).toBe(2);
    await rig.clock.advanceTo((T0 + 120) * 1000);
    expect(await rig.scheduler.runDue()).toBe(6);
    expect(hook.requests, 'still triggered: no repeats').toBe(6);
  });
});
