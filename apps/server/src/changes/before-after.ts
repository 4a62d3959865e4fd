// What changed at a marker: rate, errors and P50/P99 latency of the marker's dataset in two
// equal windows just before and just after it, and the BubbleUp request that compares the
// after-window's events with the before-window's.
import { ALL_DATASETS, QueryError, type QuerySpecInput } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runQuery } from '../query/run-query.ts';
import type { StoredMarker } from '../control/control-store.ts';

export interface WindowStats {
  /** Unix seconds, start inclusive, end exclusive. */
  start_time: number;
  end_time: number;
  /** Weighted events, and per second over the window. */
  count: number;
  rate: number;
  /** null when the dataset has no `error` field. */
  errors: number | null;
  error_rate: number | null;
  p50_duration_ms: number | null;
  p99_duration_ms: number | null;
}

export interface BeforeAfter {
  dataset: string;
  window_seconds: number;
  before: WindowStats;
  after: WindowStats;
  /** Post it to `POST /api/v1/bubbleup`: the after-window is the selection, the before-window the baseline. */
  bubbleup: { dataset: string; query: QuerySpecInput; selection: { start_time: number; end_time: number } };
}

export const DEFAULT_WINDOW_SECONDS = 30 * 60;

/** The numbers of one window; a dataset without `duration_ms` or `error` answers null for them. */
async function windowStats(store: Store, environment: string, dataset: string, start: number, end: number): Promise<WindowStats> {
  const range = { start_time: start, end_time: end };
  // The first row's numbers; null when the spec names a field the dataset lacks.
  const first = async (spec: QuerySpecInput) => {
    try {
      return (await runQuery(store, environment, dataset, { ...range, ...spec })).data.results[0]?.data ?? {};
    } catch (error) {
      if (error instanceof QueryError) return null;
      throw error;
    }
  };
  const [all, latency, failed] = await Promise.all([
    first({ calculations: [{ op: 'COUNT' }] }),
    first({ calculations: [{ op: 'P50', column: 'duration_ms' }, { op: 'P99', column: 'duration_ms' }] }),
    first({ calculations: [{ op: 'COUNT' }], filters: [{ column: 'error', op: '=', value: true }] }),
  ]);
  const count = Number(all?.COUNT ?? 0);
  const errors = failed === null ? null : Number(failed.COUNT ?? 0);
  const number = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    start_time: start,
    end_time: end,
    count,
    rate: count / (end - start),
    errors,
    error_rate: count > 0 && errors !== null ? errors / count : null,
    p50_duration_ms: number(latency?.['P50(duration_ms)']),
    p99_duration_ms: number(latency?.['P99(duration_ms)']),
  };
}

/** Throws UnknownDatasetError when the marker's dataset has no events yet. */
export async function compareBeforeAfter(store: Store, marker: StoredMarker, windowSeconds = DEFAULT_WINDOW_SECONDS): Promise<BeforeAfter> {
  const dataset = marker.dataset ?? ALL_DATASETS;
  const at = Math.floor(marker.startTime);
  // A band's "after" starts when the change finished.
  const afterStart = Math.ceil(marker.endTime ?? marker.startTime);
  const [before, after] = await Promise.all([
    windowStats(store, marker.environment, dataset, at - windowSeconds, at),
    windowStats(store, marker.environment, dataset, afterStart, afterStart + windowSeconds),
  ]);
  return {
    dataset,
    window_seconds: windowSeconds,
    before,
    after,
    bubbleup: {
      dataset,
      query: { calculations: [{ op: 'COUNT' }], start_time: at - windowSeconds, end_time: afterStart + windowSeconds },
      selection: { start_time: afterStart, end_time: afterStart + windowSeconds },
    },
  };
}
