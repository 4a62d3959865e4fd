// One cycle of an SLO: count the new minutes, compute its status, and notify when a burn
// alert starts or stops firing (never again while it keeps firing).
import type { Store } from '../store/store.ts';
import type { AlertStore, StoredAlertItem } from './alert-store.ts';
import type { Notifier } from './notifier.ts';
import { countSloMinutes, windowStartOf } from './count-slo-minutes.ts';
import { BURN_ALERT_RULES, sloStatus, type SloStatus } from './slo-status.ts';

/** The last whole minute at or before `now`, in unix seconds: a minute still filling is not counted. */
export const wholeMinute = (now: Date) => Math.floor(now.getTime() / 60_000) * 60;

/** The SLO's status as of `now`, from the stored minute counts (the caller counts them first). */
export async function readSloStatus(alerts: AlertStore, slo: StoredAlertItem<'slo'>, now: Date): Promise<SloStatus> {
  const end = wholeMinute(now);
  const start = windowStartOf(slo, end);
  return sloStatus(await alerts.sloMinutes(slo.id, start), slo.body.target_percent, start, end);
}

export async function evaluateSlo(store: Store, alerts: AlertStore, notifier: Notifier, slo: StoredAlertItem<'slo'>, now: Date): Promise<SloStatus> {
  await countSloMinutes(store, alerts, slo, wholeMinute(now));
  const status = await readSloStatus(alerts, slo, now);
  const previous = await alerts.states(slo.id);
  const changes = new Map<string, string>();
  for (const rule of BURN_ALERT_RULES) {
    const state = status.alerts[rule.name] ? 'firing' : 'ok';
    if ((previous.get(rule.name) ?? 'ok') !== state) changes.set(rule.name, state);
  }
  await alerts.setStates(slo.id, changes, now);
  await Promise.all(
    [...changes].map(([rule, state]) =>
      notifier.notify(
        {
          event: state === 'firing' ? rule : 'ok',
          kind: 'slo',
          id: slo.id,
          name: slo.body.name,
          environment: slo.environment,
          group: rule,
          time: wholeMinute(now),
          detail: { burn_rates: status.burn_rates, budget_remaining: status.budget_remaining, target_percent: slo.body.target_percent },
        },
        slo.body.recipients,
      ),
    ),
  );
  return status;
}
