// The read side of the service map's edge totals (see edge-rollup.ts): which rolled days,
// hours and minutes cover a range, their rows summed in SQL, and the parts of the range
// that no rolled unit covers, which the map counts from spans.
import { and, as, asc, eq, fn, id, op, or, parens, select, table, val, type Expr, type QueryNode } from '@flashlight/query';
import type { EdgeTotals, Store } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';

/** Whether the store keeps edge totals (a capability of its engine): the roll-up runs where it does. */
export const keepsEdgeTotals = <S extends Pick<Store, 'edgeTotals'>>(store: S): store is S & { readonly edgeTotals: EdgeTotals } =>
  store.edgeTotals !== undefined;

/** The edge totals' rows of the environment's rolled units (`rolled`) or of its edges. */
export function totalsOf(environment: string, rolled: boolean): Expr {
  return and(eq(id('environment'), val(environment)), op(rolled ? '=' : '<>', id('role'), val(ROLLED_ROLE)));
}

export const MINUTE_US = 60_000_000;
export const HOUR_US = 60 * MINUTE_US;
export const DAY_US = 24 * HOUR_US;
/** Each grain is made of whole units of the one before it (days are UTC days). */
export const GRAINS = [MINUTE_US, HOUR_US, DAY_US] as const;
/** The row that says a unit is rolled; the unit's edge rows are written with it. */
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

/** The largest grain that a step (µs) is a whole number of, 0 when none: the largest unit a map with that step reads. */
export function largestGrainIn(stepUs: number): number {
  return Math.max(0, ...GRAINS.filter((grain) => stepUs % grain === 0));
}

/** Adjacent rolled units of one grain. */
export interface RolledRun extends TimeWindow {
  grain: number;
}

/**
 * The rolled units inside the window, of grains up to `largestGrain`, largest first and none
 * inside another chosen one, as runs in time order: a day of 24 rolled hours is read as its
 * one day.
 */
export async function rolledRuns(
  store: Pick<Store, 'engine' | 'query'> & { readonly edgeTotals: EdgeTotals },
  environment: string,
  window: TimeWindow,
  largestGrain = DAY_US,
): Promise<RolledRun[]> {
  const [grain, start] = [id('grain'), id('start')];
  const statement = select({
    columns: [grain, start],
    from: table(store.edgeTotals.table),
    where: and(
      totalsOf(environment, true),
      op('<=', grain, val(largestGrain)),
      op('>=', start, val(window.startUs)),
      op('<=', op('+', start, grain), val(window.endUs)),
    ),
    orderBy: [asc(start)],
  });
  const rows = await runNode(store, statement);
  const rolled = new Map<number, number[]>(GRAINS.map((grain) => [grain, []]));
  for (const row of rows) rolled.get(Number(row.grain))?.push(Number(row.start));
  const chosen = new Map<number, Set<number>>(GRAINS.map((grain) => [grain, new Set()]));
  for (const grain of [...GRAINS].reverse()) {
    for (const start of rolled.get(grain)!) {
      const inside = GRAINS.some((larger) => larger > grain && chosen.get(larger)!.has(start - (start % larger)));
      if (!inside) chosen.get(grain)!.add(start);
    }
  }
  const units = [...chosen].flatMap(([grain, starts]) => [...starts].map((startUs) => ({ grain, startUs, endUs: startUs + grain })));
  const runs: RolledRun[] = [];
  for (const unit of units.sort((a, b) => a.startUs - b.startUs)) {
    const last = runs.at(-1);
    if (last && last.grain === unit.grain && last.endUs === unit.startUs) last.endUs = unit.endUs;
    else runs.push(unit);
  }
  return runs;
}

/** What of the window the runs (in time order) leave: the pieces the map counts from spans. */
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
 * The select list that sums rows of the edge totals grouped by k (the hash of role, source
 * and target; two of a thousand edges share one with odds of about 1 in 10^13) and bucket.
 */
export const summedByKey: readonly Expr[] = [
  id('k'),
  ...['role', 'src_kind', 'src', 'dst_kind', 'dst'].map((column) => as(fn('anyValue', id(column)), column)),
  id('b'),
  as(fn('sum', id('n')), 'n'),
  as(fn('sum', id('e')), 'e'),
  as(fn('max', id('mx')), 'mx'),
  as(fn('anyValue', id('ex')), 'ex'),
];

/**
 * The map rows of the runs, summed per (role, source, target, latency bucket, series step
 * `g`) first: a range of hours and minutes holds many rows of the same edge and bucket. Each
 * unit lies in one step (see rolledRuns' largest grain).
 */
export function rolledRows(totals: EdgeTotals, environment: string, runs: readonly RolledRun[], stepUs: number): QueryNode {
  const [grain, start] = [id('grain'), id('start')];
  const units = runs.map((run) => parens(and(eq(grain, val(run.grain)), op('>=', start, val(run.startUs)), op('<', start, val(run.endUs)))));
  return select({
    columns: [...summedByKey, as(op('-', start, op('%', start, val(stepUs))), 'g')],
    from: table(totals.table),
    where: and(totalsOf(environment, false), parens(or(...units))),
    groupBy: [id('k'), id('b'), id('g')],
  });
}
