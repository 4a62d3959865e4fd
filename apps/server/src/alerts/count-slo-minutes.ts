// Brings an SLO's per-minute good/total counts up to date: only the minutes since the last
// count are queried (plus a few recent ones again, for late events), in chunks the query
// engine allows, so a cycle costs the same whatever the SLO's window. A first count fills
// what lies beyond the longest burn-rate window in hourly rows (keyed by the hour's start):
// budget and burn-down only sum them, so 30 days cost a few queries, not ninety.
import { MAX_BUCKETS, type QuerySpecInput } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runQuery, UnknownDatasetError } from '../query/run-query.ts';
import type { AlertStore, MinuteCount, StoredAlertItem } from './alert-store.ts';
import { BURN_ALERT_RULES } from './slo-status.ts';

/** Minutes counted again each cycle: events that arrive a little late still count. */
export const RECOUNT_MINUTES = 3;

const HOUR = 3600;
/** Counts older than this stay exact to the minute only where a burn rate needs them. */
const LONGEST_BURN_WINDOW_S = Math.max(...BURN_ALERT_RULES.map((rule) => rule.longMinutes)) * 60;

export const windowStartOf = (slo: StoredAlertItem<'slo'>, end: number) => end - slo.body.window_days * 86_400;

async function countsPerBucket(
  store: Store,
  slo: StoredAlertItem<'slo'>,
  spec: QuerySpecInput,
  from: number,
  to: number,
  step: number,
): Promise<Map<number, number>> {
  try {
    const result = await runQuery(store, slo.environment, slo.body.dataset, {
      ...spec,
      calculations: [{ op: 'COUNT' }],
      start_time: from,
      end_time: to,
      granularity: step,
    });
    return new Map(result.data.series.map((point) => [Date.parse(point.time) / 1000, Number(point.data.COUNT ?? 0)]));
  } catch (error) {
    if (error instanceof UnknownDatasetError) return new Map();
    throw error;
  }
}

/** Counts the minutes up to `end` (a whole minute) not counted yet; answers how many minutes were queried. */
export async function countSloMinutes(store: Store, alerts: AlertStore, slo: StoredAlertItem<'slo'>, end: number): Promise<number> {
  const windowStart = windowStartOf(slo, end);
  const done = await alerts.sloProgress(slo.id);
  let from = Math.max(windowStart, (done ?? windowStart) - RECOUNT_MINUTES * 60);
  const queried = Math.max(0, (end - from) / 60);
  const { scope, good, good_combination } = slo.body;
  const hourlyUntil = Math.floor((end - LONGEST_BURN_WINDOW_S) / HOUR) * HOUR;
  while (from < end) {
    // Hourly from an hour's start up to where burn rates need minutes; minutely otherwise.
    const step = from < hourlyUntil && from % HOUR === 0 ? HOUR : 60;
    const limit = step === HOUR ? hourlyUntil : from < hourlyUntil ? Math.ceil(from / HOUR) * HOUR : end;
    const to = Math.min(limit, from + MAX_BUCKETS * step);
    const [totals, goods] = await Promise.all([
      countsPerBucket(store, slo, { filters: scope }, from, to, step),
      countsPerBucket(store, slo, { filters: [...scope, ...good], filter_combination: good_combination }, from, to, step),
    ]);
    const minutes: MinuteCount[] = [];
    for (let minute = from; minute < to; minute += step) {
      const total = totals.get(minute) ?? 0;
      // Recounted minutes may have had events before; a zero must overwrite them.
      if (total > 0 || minute < (done ?? 0)) minutes.push({ minute, good: goods.get(minute) ?? 0, total });
    }
    await alerts.saveSloMinutes(slo.id, minutes, to, windowStart);
    from = to;
  }
  return queried;
}
