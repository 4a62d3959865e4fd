// Stopping the notifier cuts a delivery to a webhook that does not answer short, so the
// server stops promptly; the cut attempt is in the delivery log.
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../logger.ts';
import { Notifier } from './notifier.ts';
import { openAlertRig, startWebhookReceiver, type AlertRig, type WebhookReceiver } from './test-fixtures/alert-rig.ts';

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
let rig: AlertRig;
let hook: WebhookReceiver;
afterAll(async () => {
  await rig.close();
  await hook.close();
});

describe('notifier', () => {
  it('gives up at once when stopped', async () => {
    rig = await openAlertRig(Math.floor(Date.now() / 1000));
    hook = await startWebhookReceiver();
    hook.hold();
    const notifier = new Notifier(rig.alerts, silent, { attempts: 5, firstDelayMs: 1000, timeoutMs: 20_000 });
    const delivering = notifier.notify(
      { event: 'triggered', kind: 'trigger', id: 't1', name: 'slow hook', environment: 'default', group: '[]', time: 0, detail: {} },
      [{ url: hook.url }],
    );
    // Stopped while its first attempt is in flight (the hook holds its answer).
    await expect.poll(() => hook.arrived, { timeout: 30_000 }).toBe(1);
    notifier.stop();
    await delivering;
    // Given up at once: that attempt aborted, and none of the four retries was made.
    expect(await rig.alerts.deliveries('default', 't1', 10)).toMatchObject([{ attempt: 1, status: null, error: expect.stringMatching(/abort/i) }]);
  });
});
