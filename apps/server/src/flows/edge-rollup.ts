// The service map's edge totals on DuckDB: a background job rolls each closed minute of
// spans into the rows of the map statement (role, source, target, latency bucket: requests
// weighted by sample rate, errors, the bucket's largest duration), and sums whole hours and
// days of them, so that a map over hours reads those rows instead of joining millions of spans.
import { systemClock, type Clock } from '../clock/clock.ts';
import {
  ALL_DATASETS,
  NULL,
  TIMESTAMP_COLUMN,
  and,
  as,
  asc,
  deleteFrom,
  derived,
  eq,
  fn,
  id,
  inList,
  insertInto,
  lit,
  op,
  select,
  star,
  subquery,
  table,
  unionAll,
  val,
  type Expr,
  type QueryNode,
  type QueryTarget,
  type StatementNode,
} from '@flashlight/query';
import type { EdgeTotals, Store } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';
import type { Logger } from '../logger.ts';
import { compileMapRows } from './service-map.ts';
import { tablesWithTraces } from './span-scan.ts';
import { DAY_US, GRAINS, HOUR_US, MINUTE_US, ROLLED_ROLE, summedByKey, totalsOf, type TimeWindow } from './edge-rollup-read.ts';

/**
 * A minute is rolled once this long has passed since its end. A parent span ends after its
 * children, so it is exported after them; spans that arrive later than this for a rolled
 * minute are not in its totals (the map of a trace filter, counted from spans, has them).
 */
export const ROLL_AFTER_MS = 2 * 60_000;
/** A backlog (a first start on old data) is rolled an hour per statement. */
const MINUTES_PER_ROLL = 60;
const ROLL_INTERVAL_MS = 60_000;
const MAX_SKIPPED_US = DAY_US;

export type RollupStore = Pick<Store, 'engine' | 'query' | 'target'> & { readonly edgeTotals: EdgeTotals };

const [environmentColumn, grainColumn, startColumn, roleColumn] = ['environment', 'grain', 'start', 'role'].map((name) => id(name));

/** Rolls run one at a time per store, so no two count the same minute. */
const running = new WeakMap<RollupStore, Promise<unknown>>();

/** Rolls every environment's closed minutes not rolled yet; returns how many minutes. */
export function rollEdgeMinutes(store: RollupStore, nowMs = Date.now()): Promise<number> {
  const roll = (running.get(store) ?? Promise.resolve())
    .catch(() => undefined)
    .then(async () => {
      let minutes = 0;
      for (const environment of await store.edgeTotals.environments()) minutes += await rollEnvironment(store, environment, nowMs);
      return minutes;
    });
  running.set(store, roll);
  return roll;
}

async function rollEnvironment(store: RollupStore, environment: string, nowMs: number): Promise<number> {
  const target = await store.target(environment, ALL_DATASETS);
  // Plain events alone have no flows to roll; the map of such an environment is empty.
  if (!target || tablesWithTraces(target.tables, target.fields).length === 0) return 0;
  const closedUntil = Math.floor(((nowMs - ROLL_AFTER_MS) * 1000) / MINUTE_US) * MINUTE_US;
  // Rolling goes on from the end of the latest rolled unit of any grain: pruned minutes are
  // still inside a rolled hour or day.
  const [last] = await runNode(
    store,
    select({ columns: [as(fn('max', op('+', startColumn, grainColumn)), 'rolled')], from: table(store.edgeTotals.table), where: totalsOf(environment, true) }),
  );
  let minutes = 0;
  for (let from = last.rolled !== null ? Number(last.rolled) : 0; ;) {
    const next = await nextMinuteWithSpans(store, target, from);
    if (next === null) break;
    // More than a day without spans is skipped, not rolled (the map counts it from spans,
    // which is cheap): one stray old event costs one roll, not years of them. Shorter quiet
    // spells are rolled, so that a map does not count many small pieces from spans.
    const start = next - from > MAX_SKIPPED_US ? next : from;
    if (start >= closedUntil) break;
    const end = Math.min(closedUntil, start + MINUTES_PER_ROLL * MINUTE_US);
    await rollMinutes(store, environment, target, { startUs: start, endUs: end });
    minutes += (end - start) / MINUTE_US;
    from = end;
  }
  let summed = 0;
  for (const [i, grain] of GRAINS.entries()) if (i > 0) summed += await rollUp(store, environment, GRAINS[i - 1], grain);
  // Rows become prunable only as hours and days are summed: once an hour, not every minute.
  if (summed > 0) await pruneCovered(store, environment, nowMs * 1000);
  return minutes;
}

/**
 * How long rows of each grain are kept once the unit above them is rolled: minutes of an
 * edge are nearly as many rows as its spans. A range that cuts an older hour or day counts
 * that part from spans instead.
 */
const KEPT_US = new Map<number, number>([
  [MINUTE_US, 2 * DAY_US],
  [HOUR_US, 14 * DAY_US],
]);

/** Deletes the rows (and marks) of minutes and hours past their keeping whose hour or day is rolled. */
export async function pruneCovered(store: RollupStore, environment: string, nowUs: number): Promise<void> {
  const totals = store.edgeTotals.table;
  for (const [i, grain] of GRAINS.entries()) {
    const kept = KEPT_US.get(grain);
    if (kept === undefined) continue;
    const above = GRAINS[i + 1];
    const rolledAbove = select({
      columns: [startColumn],
      from: table(totals),
      where: and(totalsOf(environment, true), eq(grainColumn, val(above))),
    });
    await runNode(
      store,
      deleteFrom(
        totals,
        and(
          eq(environmentColumn, val(environment)),
          eq(grainColumn, val(grain)),
          op('<', startColumn, val(nowUs - kept)),
          inList(op('-', startColumn, op('%', startColumn, val(above))), rolledAbove),
        ),
      ),
    );
  }
}

/** The minute of the environment's earliest event at or after `fromUs`, or null when it has none. */
async function nextMinuteWithSpans(store: RollupStore, target: QueryTarget, fromUs: number): Promise<number | null> {
  const ts = id(TIMESTAMP_COLUMN);
  const earliest = target.tables.map((source) =>
    select({ columns: [as(fn('min', fn('epochMicros', ts)), 't')], from: table(source.table), where: op('>=', ts, fn('timestampFromMicros', val(fromUs))) }),
  );
  const [row] = await runNode(store, select({ columns: [as(fn('min', id('t')), 't')], from: derived(unionAll(earliest), 'earliest') }));
  return row.t === null ? null : Math.floor(Number(row.t) / MINUTE_US) * MINUTE_US;
}

/** The columns of a unit's rows, after its environment and grain. */
const UNIT_COLUMNS = ['start', 'k', 'role', 'src_kind', 'src', 'dst_kind', 'dst', 'b', 'n', 'e', 'mx', 'ex'];

/** The number of rows of the edge totals (`totals`, the table) that `where` holds for. */
const countOf = (totals: string, where: Expr) => subquery(select({ columns: [fn('count', star())], from: table(totals), where }));

/**
 * One statement writes into the edge totals (`totals`, the table) the units' rows (`rows`:
 * start, k, role, src_kind, src, dst_kind, dst, b, n, e, mx, ex) and the row that marks each
 * unit rolled, so a crash leaves a unit whole or absent; it writes nothing when a unit of the
 * window is marked already, or when `complete` does not hold.
 */
function insertUnits(totals: string, environment: string, grain: number, window: TimeWindow, rows: QueryNode, complete?: Expr): StatementNode {
  const [env, g] = [val(environment), val(grain)];
  const units = select({ columns: [as(fn('rowsNumbered', val((window.endUs - window.startUs) / grain)), 'u')] });
  const marks = select({
    columns: [env, g, op('+', val(window.startUs), op('*', id('u'), g)), NULL, val(ROLLED_ROLE), ...UNIT_COLUMNS.slice(3).map(() => NULL)],
    from: derived(units, 'units'),
  });
  const all = unionAll([
    select({ columns: [as(env, 'environment'), as(g, 'grain'), ...UNIT_COLUMNS.map((name) => id(name))], from: derived(rows, 'rows') }),
    marks,
  ]);
  const done = and(totalsOf(environment, true), eq(grainColumn, g), op('>=', startColumn, val(window.startUs)), op('<', startColumn, val(window.endUs)));
  return insertInto(
    totals,
    ['environment', 'grain', ...UNIT_COLUMNS],
    select({ columns: [star()], from: derived(all, 'units'), where: and(eq(countOf(totals, done), lit(0)), ...(complete ? [complete] : [])) }),
  );
}

/** Rolls the minutes of the window from spans. */
export async function rollMinutes(store: RollupStore, environment: string, target: QueryTarget, minutes: TimeWindow): Promise<void> {
  const scope = {
    environment,
    tables: tablesWithTraces(target.tables, target.fields),
    fields: target.fields,
    ...minutes,
    traceFilter: null,
    nowUs: minutes.endUs,
  };
  const map = compileMapRows(scope, { counted: [minutes], perMinute: true });
  // k names (role, source, target) by one 64-bit hash, which sums group by far faster than by three strings.
  const rows = select({
    columns: [
      as(id('minute'), 'start'),
      as(fn('hash', ...['role', 'src', 'dst'].map((name) => id(name))), 'k'),
      ...UNIT_COLUMNS.slice(2).map((name) => id(name)),
    ],
    from: derived(map, 'map'),
  });
  await runNode(store, insertUnits(store.edgeTotals.table, environment, MINUTE_US, minutes, rows));
}

/**
 * Sums each unit of `grain` whose units of `finer` are all rolled, once; returns how many
 * were due. A map over a day reads one day's rows instead of 1,440 minutes' (spans of one
 * edge rarely share a latency bucket within a minute, so minute rows are nearly as many as
 * spans).
 */
export async function rollUp(store: RollupStore, environment: string, finer: number, grain: number): Promise<number> {
  const totals = store.edgeTotals.table;
  const unit = id('unit');
  const rolledOf = (of: number) => and(totalsOf(environment, true), eq(grainColumn, val(of)));
  const due = await runNode(
    store,
    select({
      columns: [as(op('-', startColumn, op('%', startColumn, val(grain))), 'unit')],
      from: table(totals),
      where: rolledOf(finer),
      groupBy: [unit],
      having: and(
        eq(fn('count', star()), val(grain / finer)),
        inList(unit, select({ columns: [startColumn], from: table(totals), where: rolledOf(grain) }), true),
      ),
      orderBy: [asc(unit)],
    }),
  );
  for (const row of due) {
    const window = { startUs: Number(row.unit), endUs: Number(row.unit) + grain };
    const within = and(
      eq(environmentColumn, val(environment)),
      eq(grainColumn, val(finer)),
      op('>=', startColumn, val(window.startUs)),
      op('<', startColumn, val(window.endUs)),
    );
    const rows = select({
      columns: [as(val(window.startUs), 'start'), ...summedByKey],
      from: table(totals),
      where: and(within, op('<>', roleColumn, val(ROLLED_ROLE))),
      groupBy: [id('k'), id('b')],
    });
    // Retention may have taken some of the finer units since they were counted.
    const complete = eq(countOf(totals, and(within, eq(roleColumn, val(ROLLED_ROLE)))), val(grain / finer));
    await runNode(store, insertUnits(store.edgeTotals.table, environment, grain, window, rows, complete));
  }
  return due.length;
}

/** Rolls at start and then every minute; a failed roll is logged and tried again at the next. */
export function scheduleEdgeRollups(store: RollupStore, log: Logger, clock: Clock = systemClock): { stop: () => Promise<void> } {
  const run = () =>
    rollEdgeMinutes(store, clock.now()).catch((error) => {
      log.error('service map rollup failed', { error: (error as Error).message });
    });
  void run();
  const stopTimer = clock.every(ROLL_INTERVAL_MS, run);
  return {
    stop: async () => {
      stopTimer();
      await running.get(store)?.catch(() => undefined);
    },
  };
}
