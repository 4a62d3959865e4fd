// The read side of the service map's per-minute edge totals (see edge-rollup.ts): the rows
// of the rolled minutes of a range, summed in SQL, and the parts of the range that are not
// rolled, which the map answers from spans.
import type { Store } from '../store/store.ts';
import { EDGE_MINUTES_TABLE } from '../store/duckdb/catalog-tables.ts';
import type { MapRow } from './service-map.ts';

export const MINUTE_US = 60_000_000;
/** The row that says a minute is rolled; the minute's edge rows are written with it. */
export const ROLLED_ROLE = 'rolled';
/**
 * How far (µs) from a counted span its parent or child may start and still be found, in a
 * roll and in the live statement for the rest alike, so that both count a span the same way.
 */
export const JOIN_WINDOW_US = 5 * MINUTE_US;

export interface TimeWindow {
  startUs: number;
  endUs: number;
}

/** The whole minutes of the window that are rolled, as runs of adjacent minutes. */
export async function rolledRuns(store: Pick<Store, 'query'>, environment: string, window: TimeWindow): Promise<TimeWindow[]> {
  const rows = await store.query(
    `SELECT minute FROM ${EDGE_MINUTES_TABLE} WHERE environment = $1 AND role = $2 AND minute >= $3 AND minute <= $4 ORDER BY minute`,
    [environment, ROLLED_ROLE, window.startUs, window.endUs - MINUTE_US],
  );
  const runs: TimeWindow[] = [];
  for (const row of rows) {
    const minute = Number(row.minute);
    const last = runs.at(-1);
    if (last && last.endUs === minute) last.endUs = minute + MINUTE_US;
    else runs.push({ startUs: minute, endUs: minute + MINUTE_US });
  }
  return runs;
}

/** What of the window the runs leave: the pieces the map counts from spans. */
export function unrolledPieces(window: TimeWindow, runs: readonly TimeWindow[]): TimeWindow[] {
  const pieces: TimeWindow[] = [];
  let from = window.startUs;
  for (const run of runs) {
    if (run.startUs > from) pieces.push({ startUs: from, endUs: run.startUs });
    from = Math.max(from, run.endUs);
  }
  if (from < window.endUs) pieces.push({ startUs: from, endUs: window.endUs });
  return pieces;
}

/**
 * The map statement's rows for the rolled minutes of the scope: one per (role, source,
 * target, latency bucket), the minutes summed by DuckDB. Only rolled minutes have rows, so
 * the span from the first run to the last reads no others.
 */
export async function rolledMapRows(store: Pick<Store, 'query'>, environment: string, runs: readonly TimeWindow[]): Promise<MapRow[]> {
  if (runs.length === 0) return [];
  const rows = await store.query(
    `SELECT role, max(src_kind) AS src_kind, src, max(dst_kind) AS dst_kind, dst, b, sum(n) AS n, sum(e) AS e, max(mx) AS mx, any_value(ex) AS ex ` +
      `FROM ${EDGE_MINUTES_TABLE} WHERE environment = $1 AND role <> $2 AND minute >= $3 AND minute < $4 GROUP BY role, src, dst, b`,
    [environment, ROLLED_ROLE, runs[0].startUs, runs.at(-1)!.endUs],
  );
  return rows as unknown as MapRow[];
}
