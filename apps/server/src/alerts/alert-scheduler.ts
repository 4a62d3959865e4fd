// The one in-process loop that checks triggers (each at its own frequency) and SLOs (every
// minute): a bounded number at once, never two runs of the same item together, stopped
// with the server. The clock is injectable so tests step through time without waiting.
import type { Store } from '../store/store.ts';
import type { Logger } from '../logger.ts';
import type { AlertStore, StoredAlertItem } from './alert-store.ts';
import type { Notifier } from './notifier.ts';
import { evaluateTrigger } from './evaluate-trigger.ts';
import { evaluateSlo } from './evaluate-slo.ts';
import { systemClock, type Clock } from '../clock/clock.ts';

export interface AlertSchedulerOptions {
  clock?: Clock;
  /** Items evaluated at once. */
  concurrency?: number;
  /** How often the loop looks for due items. */
  tickMs?: number;
}

const SLO_FREQUENCY_SECONDS = 60;

export class AlertScheduler {
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly tickMs: number;
  /** When each item last started, by id. */
  private readonly lastRun = new Map<string, number>();
  private readonly running = new Set<string>();
  private stopTicks: (() => void) | undefined;
  private cycle: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly alerts: AlertStore,
    private readonly notifier: Notifier,
    private readonly log: Logger,
    options: AlertSchedulerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.concurrency = options.concurrency ?? 4;
    this.tickMs = options.tickMs ?? 5000;
  }

  start(): void {
    // A tick while the last cycle still runs is skipped: one cycle at a time.
    this.stopTicks = this.clock.every(
      this.tickMs,
      () =>
        (this.cycle ??= this.runDue()
          .then(
            () => undefined,
            (error) => this.log.error('alert evaluation cycle failed', { error: String(error) }),
          )
          .finally(() => (this.cycle = undefined))),
    );
  }

  /** Stops the loop and waits for the runs in progress. */
  async stop(): Promise<void> {
    this.stopTicks?.();
    this.stopTicks = undefined;
    this.notifier.stop();
    await this.cycle;
  }

  /** Evaluates every enabled item whose time has come; answers how many ran. */
  async runDue(): Promise<number> {
    const now = new Date(this.clock.now());
    const [triggers, slos] = await Promise.all([this.alerts.items('trigger'), this.alerts.items('slo')]);
    // Forget deleted items, so the map holds only what exists.
    const ids = new Set([...triggers, ...slos].map((item) => item.id));
    for (const id of this.lastRun.keys()) if (!ids.has(id)) this.lastRun.delete(id);
    const due: Array<() => Promise<unknown>> = [];
    const consider = (item: StoredAlertItem, frequencySeconds: number, run: () => Promise<unknown>) => {
      if (item.body.disabled || this.running.has(item.id)) return;
      const last = this.lastRun.get(item.id);
      if (last !== undefined && now.getTime() - last < frequencySeconds * 1000) return;
      this.lastRun.set(item.id, now.getTime());
      this.running.add(item.id);
      due.push(() =>
        run()
          .catch((error) => this.log.error(`${item.kind} evaluation failed`, { id: item.id, error: String(error) }))
          .finally(() => this.running.delete(item.id)),
      );
    };
    for (const t of triggers) consider(t, t.body.frequency_seconds, () => evaluateTrigger(this.store, this.alerts, this.notifier, t, now));
    for (const s of slos) consider(s, SLO_FREQUENCY_SECONDS, () => evaluateSlo(this.store, this.alerts, this.notifier, s, now));
    const count = due.length;
    const workers = Array.from({ length: Math.min(this.concurrency, due.length) }, async () => {
      for (let next = due.shift(); next; next = due.shift()) await next();
    });
    await Promise.all(workers);
    return count;
  }
}
