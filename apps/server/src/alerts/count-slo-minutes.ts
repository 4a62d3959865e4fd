// Brings an SLO's per-minute good/total counts up to date: only the minutes since the last
// count are queried (plus a few recent ones again, for late events), in chunks the query
// engine allows, so a cycle costs the same whatever the SLO's window.
import { MAX_BUCKETS, type QuerySpecInput } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runQuery, UnknownDatasetError } from '../query/run-query.ts';
import type { AlertStore, MinuteCount, StoredAlertItem } from './alert-store.ts';

/** Minutes counted again each cycle: events that arrive a little late still count. */
export const RECOUNT_MINUTES = 3;

export const windowStartOf = (slo: StoredAlertItem<'slo'>, end: number) => end - slo.body.window_days * 86_400;

async function countsPerMinute(store: Store, slo: StoredAlertItem<'slo'>, spec: QuerySpecInput, from: number, to: number): Promise<Map<number, number>> {
  try {
    const result = await runQuery(store, slo.environment, slo.body.dataset, { ...spec, calculations: [{ op: 'COUNT' }], start_time: from, end_time: to, granularity: 60 });
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
  while (from < end) {
    const to = Math.min(end, from + MAX_BUCKETS * 60);
    const [totals, goods] = await Promise.all([
      countsPerMinute(store, slo, { filters: scope }, from, to),
      countsPerMinute(store, slo, { filters: [...scope, ...good], filter_combination: good_combination }, from, to),
    ]);
    const minutes: MinuteCount[] = [];
    for (let minute = from; minute < to; minute += 60) {
      const total = totals.get(minute) ?? 0;
      // Recounted minutes may have had events before; a zero must overwrite them.
      if (total > 0 || minute < (done ?? 0)) minutes.push({ minute, good: goods.get(minute) ?? 0, total });
    }
    await alerts.saveSloMinutes(slo.id, minutes, to, windowStart);
    from = to;
  }
  return queried;
}
