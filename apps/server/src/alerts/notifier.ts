// Notifications of alert state changes: one line in the server log, and a JSON POST to each
// webhook, retried with exponential backoff; every attempt lands in the delivery log.
import { systemClock, type Clock } from '../clock/clock.ts';
import type { Logger } from '../logger.ts';
import type { AlertStore } from './alert-store.ts';

export interface AlertNotification {
  /** `triggered` / `ok` for triggers; `fast_burn`, `slow_burn`, `ok` for SLOs; `opened`, `recovered` for findings. */
  event: string;
  kind: 'trigger' | 'slo' | 'finding';
  id: string;
  name: string;
  environment: string;
  /** The breakdown group (trigger) or burn alert (SLO) whose state changed. */
  group: string;
  /** Unix seconds of the evaluation. */
  time: number;
  detail: Record<string, unknown>;
}

export interface RetryPolicy {
  attempts: number;
  /** Delay before the second attempt; each later one waits twice as long. */
  firstDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, firstDelayMs: 1000, timeoutMs: 10_000 };

/** Waits `ms`, or less when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export class Notifier {
  /** Aborted when the server stops: no more waiting on slow or failing webhooks. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly alerts: AlertStore,
    private readonly log: Logger,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Cuts deliveries in progress short (each logged as failed), so the server stops promptly. */
  stop(): void {
    this.stopping.abort();
  }

  async notify(notification: AlertNotification, webhooks: readonly { url: string }[]): Promise<void> {
    const fields = { id: notification.id, group: notification.group, environment: notification.environment, ...notification.detail };
    const message = `${notification.kind} ${JSON.stringify(notification.name)}: ${notification.event}`;
    if (notification.event === 'ok' || notification.event === 'recovered') this.log.info(message, fields);
    else this.log.warn(message, fields);
    await Promise.all(webhooks.map((webhook) => this.deliver(notification, webhook.url)));
  }

  /** Tries until a 2xx, a 4xx other than 408/429 (retrying cannot fix it), or the attempts run out. */
  private async deliver(notification: AlertNotification, url: string): Promise<void> {
    const body = JSON.stringify(notification);
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      let status: number | null = null;
      let error: string | null = null;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'flashlight-alerts' },
          body,
          redirect: 'error',
          signal: AbortSignal.any([AbortSignal.timeout(this.retry.timeoutMs), this.stopping.signal]),
        });
        status = response.status;
        await response.body?.cancel();
        if (!response.ok) error = `HTTP ${status}`;
      } catch (failure) {
        error = String((failure as Error).cause ?? failure);
      }
      await this.alerts.appendDelivery({
        itemId: notification.id,
        environment: notification.environment,
        at: new Date(this.clock.now()),
        url,
        attempt,
        status,
        error,
        event: notification.event,
      });
      const retryable = error !== null && (status === null || status >= 500 || status === 408 || status === 429);
      if (!retryable) {
        if (error) this.log.error('webhook refused the notification', { id: notification.id, url, status });
        return;
      }
      if (this.stopping.signal.aborted) return;
      if (attempt < this.retry.attempts) await sleep(this.retry.firstDelayMs * 2 ** (attempt - 1), this.stopping.signal);
    }
    this.log.error('webhook delivery gave up', { id: notification.id, url, attempts: this.retry.attempts });
  }
}
