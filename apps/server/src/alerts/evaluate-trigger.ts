// One check of a trigger: its calculation over the last `duration_seconds`, per breakdown
// group, compared with the threshold; a notification goes out only when a group's state
// changes (ok → triggered, or back), never again while it stays triggered.
import { calculationName, type FilterValue, type QueryResult } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runQuery, UnknownDatasetError } from '../query/run-query.ts';
import type { ThresholdOp } from '@flashlight/api';
import type { AlertStore, StoredAlertItem } from './alert-store.ts';
import type { Notifier } from './notifier.ts';

export type TriggerState = 'ok' | 'triggered';

export interface TriggerGroupResult {
  /** The breakdown values, in breakdown order; [] without breakdowns. */
  group: FilterValue[];
  value: number | null;
  state: TriggerState;
}

const crosses: Record<ThresholdOp, (value: number, threshold: number) => boolean> = {
  '>': (v, t) => v > t,
  '>=': (v, t) => v >= t,
  '<': (v, t) => v < t,
  '<=': (v, t) => v <= t,
};

/** The trigger's current value per group, and which groups cross the threshold. */
export async function checkTrigger(store: Store, trigger: StoredAlertItem<'trigger'>, now: Date): Promise<TriggerGroupResult[]> {
  const { dataset, query, threshold, duration_seconds } = trigger.body;
  const end = Math.floor(now.getTime() / 1000);
  let rows: QueryResult['data']['results'];
  try {
    const result = await runQuery(
      store,
      trigger.environment,
      dataset,
      {
        calculations: [query.calculation],
        filters: query.filters,
        filter_combination: query.filter_combination,
        breakdowns: query.breakdowns,
        ...(query.per ? { per: query.per } : {}),
        start_time: end - duration_seconds,
        end_time: end,
        limit: 1000,
      },
      now,
    );
    rows = result.data.results;
  } catch (error) {
    // No events yet: COUNT is zero, everything else has no value.
    if (!(error instanceof UnknownDatasetError)) throw error;
    rows = [];
  }
  const name = calculationName(query.calculation.op, query.calculation.column);
  const results = rows.map((row) => {
    const raw = row.data[name];
    const value = typeof raw === 'number' ? raw : null;
    const group = query.breakdowns.map((b) => row.data[b] as FilterValue);
    return { group, value, state: (value !== null && crosses[threshold.op](value, threshold.value) ? 'triggered' : 'ok') as TriggerState };
  });
  // A COUNT over no events is 0, which may itself cross a `<` threshold.
  if (results.length === 0 && query.breakdowns.length === 0 && query.calculation.op === 'COUNT') {
    results.push({ group: [], value: 0, state: crosses[threshold.op](0, threshold.value) ? 'triggered' : 'ok' });
  }
  return results;
}

/** Checks the trigger, stores state changes and notifies them; answers the groups checked. */
export async function evaluateTrigger(
  store: Store,
  alerts: AlertStore,
  notifier: Notifier,
  trigger: StoredAlertItem<'trigger'>,
  now: Date,
): Promise<TriggerGroupResult[]> {
  const results = await checkTrigger(store, trigger, now);
  const previous = await alerts.states(trigger.id);
  const current = new Map(results.map((r) => [JSON.stringify(r.group), r]));
  const changes = new Map<string, TriggerState>();
  for (const [key, result] of current) if ((previous.get(key) ?? 'ok') !== result.state) changes.set(key, result.state);
  // A triggered group that no longer appears has recovered.
  for (const [key, state] of previous) if (state === 'triggered' && !current.has(key)) changes.set(key, 'ok');
  await alerts.setStates(trigger.id, changes, now);
  const { name, threshold, recipients } = trigger.body;
  await Promise.all(
    [...changes].map(([key, state]) =>
      notifier.notify(
        {
          event: state,
          kind: 'trigger',
          id: trigger.id,
          name,
          environment: trigger.environment,
          group: key,
          time: Math.floor(now.getTime() / 1000),
          detail: { value: current.get(key)?.value ?? null, threshold },
        },
        recipients,
      ),
    ),
  );
  return results;
}
