// What changed at a marker: rate, errors and P50/P99 latency of the marker's dataset in two
// equal windows just before and just after it, overall and per entry point (the root
// spans' names), saying which entry points moved; and the BubbleUp request that compares
// the after-window's events with the before-window's. A window still under way is
// measured over the time that has passed, never over time that has not happened yet.
import { ALL_DATASETS, QueryError, type QuerySpecInput } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runQuery } from '../query/run-query.ts';
import type { StoredMarker } from '../control/control-store.ts';
import { entryPointsMoved, type WindowNumbers } from './entry-point-change.ts';
import type { WindowStats, BeforeAfter } from '@flashlight/api';
export type { WindowStats, BeforeAfter };

export const DEFAULT_WINDOW_SECONDS = 30 * 60;
/** Entry points compared: the busiest, as many as a breakdown returns. */
const ENTRY_POINTS = 100;

const NAMED = { column: 'name', op: 'exists' } as const;
/** The entry points of a trace: spans without a parent. */
const ROOT_SPANS = [{ column: 'trace.parent_id', op: 'does-not-exist' }, NAMED] as const;

const LATENCY = [
  { op: 'P50', column: 'duration_ms' },
  { op: 'P99', column: 'duration_ms' },
] as const;
const FAILED = { column: 'error', op: '=', value: true } as const;

const number = (v: unknown) => (typeof v === 'number' ? v : null);

/** A window's numbers: overall, and per root span name. */
async function windowStats(store: Store, environment: string, dataset: string, start: number, end: number, windowSeconds: number) {
  const range = { start_time: start, end_time: end };
  // Result rows; null when the spec names a field the dataset lacks, none when no time has passed.
  const rows = async (spec: QuerySpecInput) => {
    if (end <= start) return [];
    try {
      return (await runQuery(store, environment, dataset, { ...range, ...spec })).data.results.map((r) => r.data);
    } catch (error) {
      if (error instanceof QueryError) return null;
      throw error;
    }
  };
  const byName = { breakdowns: ['name'], orders: [{ op: 'COUNT' as const, order: 'descending' as const }], limit: ENTRY_POINTS };
  // Spans without a parent; where the dataset has no parents at all (events, not spans), every named event.
  const entries = async (extra: QuerySpecInput['filters'] = []) =>
    (await rows({ calculations: [{ op: 'COUNT' }, ...LATENCY], filters: [...ROOT_SPANS, ...extra], ...byName })) ??
    rows({ calculations: [{ op: 'COUNT' }, ...LATENCY], filters: [NAMED, ...extra], ...byName });
  const [all, latency, failed, roots, rootErrors] = await Promise.all([
    rows({ calculations: [{ op: 'COUNT' }] }),
    rows({ calculations: [...LATENCY] }),
    rows({ calculations: [{ op: 'COUNT' }], filters: [FAILED] }),
    entries(),
    entries([FAILED]),
  ]);
  const seconds = Math.max(0, end - start);
  const numbers = (count: number, errors: number | null, row: Record<string, unknown> | undefined): WindowNumbers => ({
    count,
    rate: seconds > 0 ? count / seconds : null,
    errors,
    error_rate: count > 0 && errors !== null ? errors / count : null,
    p50_duration_ms: number(row?.['P50(duration_ms)']),
    p99_duration_ms: number(row?.['P99(duration_ms)']),
  });
  const errorsOf = new Map((rootErrors ?? []).map((r) => [String(r.name), Number(r.COUNT ?? 0)]));
  const entryPoints = new Map(
    (roots ?? []).map((r) => [String(r.name), numbers(Number(r.COUNT ?? 0), rootErrors === null ? null : (errorsOf.get(String(r.name)) ?? 0), r)]),
  );
  const count = Number(all?.[0]?.COUNT ?? 0);
  const stats: WindowStats = {
    start_time: start,
    end_time: Math.max(start, end),
    window_seconds: windowSeconds,
    ...numbers(count, failed === null ? null : Number(failed[0]?.COUNT ?? 0), latency?.[0]),
  };
  return { stats, entryPoints };
}

/** Throws UnknownDatasetError when the marker's dataset has no events yet. */
export async function compareBeforeAfter(store: Store, marker: StoredMarker, windowSeconds = DEFAULT_WINDOW_SECONDS, now = new Date()): Promise<BeforeAfter> {
  const dataset = marker.dataset ?? ALL_DATASETS;
  const at = Math.floor(marker.startTime);
  // A band's "after" starts when the change finished; neither window reaches past now.
  const afterStart = Math.ceil(marker.endTime ?? marker.startTime);
  const passed = Math.floor(now.getTime() / 1000);
  const [before, after] = await Promise.all([
    windowStats(store, marker.environment, dataset, at - windowSeconds, Math.min(at, passed), windowSeconds),
    windowStats(store, marker.environment, dataset, afterStart, Math.min(afterStart + windowSeconds, passed), windowSeconds),
  ]);
  return {
    dataset,
    window_seconds: windowSeconds,
    before: before.stats,
    after: after.stats,
    entry_points: entryPointsMoved(before.entryPoints, after.entryPoints, before.stats.rate !== null && after.stats.rate !== null),
    bubbleup: {
      dataset,
      query: { calculations: [{ op: 'COUNT' }], start_time: at - windowSeconds, end_time: after.stats.end_time },
      selection: { start_time: afterStart, end_time: after.stats.end_time },
    },
  };
}
