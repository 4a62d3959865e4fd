// The service map's edge totals on DuckDB: a background job rolls each closed minute of
// spans into the rows of the map statement (role, source, target, latency bucket: requests
// weighted by sample rate, errors, the bucket's largest duration), and sums whole hours and
// days of them, so that a map over hours reads those rows instead of joining millions of spans.
import { systemClock, type Clock } from '../clock/clock.ts';
import { ALL_DATASETS, TIMESTAMP_COLUMN, duckDbDialect, type QueryTarget } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import type { Logger } from '../logger.ts';
import { DATASETS_TABLE, EDGE_TOTALS_TABLE } from '../store/duckdb/catalog-tables.ts';
import { compileMapRows } from './service-map.ts';
import { sqlWriter, tablesWithTraces, type SqlWriter } from './span-scan.ts';
import { DAY_US, GRAINS, HOUR_US, MINUTE_US, ROLLED_ROLE, summedByKey, type TimeWindow } from './edge-rollup-read.ts';

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

export type RollupStore = Pick<Store, 'query' | 'target'>;

/** Rolls run one at a time per store, so no two count the same minute. */
const running = new WeakMap<RollupStore, Promise<unknown>>();

/** Rolls every environment's closed minutes not rolled yet; returns how many minutes. */
export function rollEdgeMinutes(store: RollupStore, nowMs = Date.now()): Promise<number> {
  const roll = (running.get(store) ?? Promise.resolve())
    .catch(() => undefined)
    .then(async () => {
      const environments = await store.query(`SELECT DISTINCT environment FROM ${DATASETS_TABLE} ORDER BY environment`, []);
      let minutes = 0;
      for (const row of environments) minutes += await rollEnvironment(store, String(row.environment), nowMs);
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
  const [last] = await store.query(`SELECT max(start + grain) AS rolled FROM ${EDGE_TOTALS_TABLE} WHERE environment = $1 AND role = $2`, [
    environment,
    ROLLED_ROLE,
  ]);
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
  for (const [i, grain] of GRAINS.entries()) {
    const kept = KEPT_US.get(grain);
    if (kept === undefined) continue;
    const above = GRAINS[i + 1];
    await store.query(
      `DELETE FROM ${EDGE_TOTALS_TABLE} WHERE environment = $1 AND grain = $2 AND start < $3 ` +
        `AND start - start % $4 IN (SELECT start FROM ${EDGE_TOTALS_TABLE} WHERE environment = $1 AND grain = $4 AND role = $5)`,
      [environment, grain, nowUs - kept, above, ROLLED_ROLE],
    );
  }
}

/** The minute of the environment's earliest event at or after `fromUs`, or null when it has none. */
async function nextMinuteWithSpans(store: RollupStore, target: QueryTarget, fromUs: number): Promise<number | null> {
  const { id, value, params } = sqlWriter(duckDbDialect);
  const ts = id(TIMESTAMP_COLUMN);
  const earliest = target.tables
    .map((table) => `SELECT min(epoch_us(${ts})) AS t FROM ${id(table.table)} WHERE ${ts} >= make_timestamp(CAST(${value(fromUs)} AS BIGINT))`)
    .join(' UNION ALL ');
  const [row] = await store.query(`SELECT min(t) AS t FROM (${earliest})`, params);
  return row.t === null ? null : Math.floor(Number(row.t) / MINUTE_US) * MINUTE_US;
}

const COLUMNS = 'environment, grain, start, k, role, src_kind, src, dst_kind, dst, b, n, e, mx, ex';

/**
 * One statement writes the units' rows (`rows`: start, k, role, src_kind, src, dst_kind,
 * dst, b, n, e, mx, ex) and the row that marks each unit rolled, so a crash leaves a unit whole
 * or absent; it writes nothing when a unit of the window is marked already, or when
 * `complete` (SQL) does not hold.
 */
function insertUnits(sql: SqlWriter, environment: string, grain: number, window: TimeWindow, rows: string, complete = 'true'): string {
  const [env, g, rolled, start, end] = [environment, grain, ROLLED_ROLE, window.startUs, window.endUs].map(sql.value);
  const all =
    `SELECT ${env} AS environment, ${g} AS grain, start, k, role, src_kind, src, dst_kind, dst, b, n, e, mx, ex FROM (${rows}) ` +
    `UNION ALL SELECT ${env}, ${g}, u, NULL, ${rolled}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL ` +
    `FROM range(CAST(${start} AS BIGINT), CAST(${end} AS BIGINT), CAST(${g} AS BIGINT)) AS units(u)`;
  const done = `SELECT 1 FROM ${EDGE_TOTALS_TABLE} WHERE environment = ${env} AND grain = ${g} AND role = ${rolled} AND start >= ${start} AND start < ${end}`;
  return `INSERT INTO ${EDGE_TOTALS_TABLE} (${COLUMNS}) SELECT * FROM (${all}) WHERE NOT EXISTS (${done}) AND ${complete}`;
}

/** Rolls the minutes of the window from spans. */
export async function rollMinutes(store: RollupStore, environment: string, target: QueryTarget, minutes: TimeWindow): Promise<void> {
  const sql = sqlWriter(duckDbDialect);
  const scope = {
    environment,
    tables: tablesWithTraces(target.tables, target.fields),
    fields: target.fields,
    ...minutes,
    traceFilter: null,
    nowUs: minutes.endUs,
  };
  const map = compileMapRows(scope, sql, { counted: [minutes], perMinute: true });
  // k names (role, source, target) by one 64-bit hash, which sums group by far faster than by three strings.
  const rows = `SELECT minute AS start, hash(role, src, dst) AS k, role, src_kind, src, dst_kind, dst, b, n, e, mx, ex FROM (${map})`;
  await store.query(insertUnits(sql, environment, MINUTE_US, minutes, rows), sql.params);
}

/**
 * Sums each unit of `grain` whose units of `finer` are all rolled, once; returns how many
 * were due. A map over a day reads one day's rows instead of 1,440 minutes' (spans of one
 * edge rarely share a latency bucket within a minute, so minute rows are nearly as many as
 * spans).
 */
export async function rollUp(store: RollupStore, environment: string, finer: number, grain: number): Promise<number> {
  const due = await store.query(
    `SELECT start - start % $3 AS unit FROM ${EDGE_TOTALS_TABLE} WHERE environment = $1 AND role = $2 AND grain = $4 GROUP BY unit HAVING count(*) = $5 ` +
      `EXCEPT SELECT start FROM ${EDGE_TOTALS_TABLE} WHERE environment = $1 AND role = $2 AND grain = $3 ORDER BY unit`,
    [environment, ROLLED_ROLE, grain, finer, grain / finer],
  );
  for (const { unit } of due) {
    const sql = sqlWriter(duckDbDialect);
    const [env, , f, rolled, start, end] = [environment, grain, finer, ROLLED_ROLE, Number(unit), Number(unit) + grain].map(sql.value);
    const within = `environment = ${env} AND grain = ${f} AND start >= ${start} AND start < ${end}`;
    const rows = `SELECT ${start} AS start, ${summedByKey} FROM ${EDGE_TOTALS_TABLE} WHERE ${within} AND role <> ${rolled} GROUP BY k, b`;
    // Retention may have taken some of the finer units since they were counted.
    const complete = `(SELECT count(*) FROM ${EDGE_TOTALS_TABLE} WHERE ${within} AND role = ${rolled}) = ${sql.value(grain / finer)}`;
    await store.query(insertUnits(sql, environment, grain, { startUs: Number(unit), endUs: Number(unit) + grain }, rows, complete), sql.params);
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
