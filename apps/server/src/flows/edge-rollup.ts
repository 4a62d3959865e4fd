// The service map's per-minute edge totals on DuckDB: a background job rolls each closed
// minute of spans into the rows of the map statement (role, source, target, latency bucket:
// requests weighted by sample rate, errors, the bucket's largest duration), so that a map
// over hours sums those rows instead of joining millions of spans.
import { ALL_DATASETS, TIMESTAMP_COLUMN, duckDbDialect, type QueryTarget } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import type { Logger } from '../logger.ts';
import { DATASETS_TABLE, EDGE_MINUTES_TABLE } from '../store/duckdb/catalog-tables.ts';
import { compileServiceMap } from './service-map.ts';
import { sqlWriter } from './span-scan.ts';
import { JOIN_WINDOW_US, MINUTE_US, ROLLED_ROLE } from './edge-rollup-read.ts';

/**
 * A minute is rolled once this long has passed since its end. A parent span ends after its
 * children, so it is exported after them; spans that arrive later than this for a rolled
 * minute are not in its totals (the map of a trace filter, counted from spans, has them).
 */
export const ROLL_AFTER_MS = 2 * 60_000;
/** A backlog (a first start on old data) is rolled an hour per statement. */
const MINUTES_PER_ROLL = 60;
const ROLL_INTERVAL_MS = 60_000;

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
  if (!target || target.tables.length === 0) return 0;
  const closedUntil = Math.floor(((nowMs - ROLL_AFTER_MS) * 1000) / MINUTE_US) * MINUTE_US;
  const [last] = await store.query(`SELECT max(minute) AS minute FROM ${EDGE_MINUTES_TABLE} WHERE environment = $1 AND role = $2`, [
    environment,
    ROLLED_ROLE,
  ]);
  const from = last.minute !== null ? Number(last.minute) + MINUTE_US : await firstMinute(store, target);
  let minutes = 0;
  for (let start = from ?? closedUntil; start < closedUntil; start += MINUTES_PER_ROLL * MINUTE_US) {
    const end = Math.min(closedUntil, start + MINUTES_PER_ROLL * MINUTE_US);
    await rollMinutes(store, environment, target, { startUs: start, endUs: end });
    minutes += (end - start) / MINUTE_US;
  }
  return minutes;
}

/** The minute of the environment's earliest event, or null when it has none. */
async function firstMinute(store: RollupStore, target: QueryTarget): Promise<number | null> {
  const { id } = sqlWriter(duckDbDialect);
  const earliest = target.tables.map((table) => `SELECT min(epoch_us(${id(TIMESTAMP_COLUMN)})) AS t FROM ${id(table.table)}`).join(' UNION ALL ');
  const [row] = await store.query(`SELECT min(t) AS t FROM (${earliest})`, []);
  return row.t === null ? null : Math.floor(Number(row.t) / MINUTE_US) * MINUTE_US;
}

/**
 * One statement writes the minutes' rows and the row that marks each minute rolled, so a
 * crash leaves a minute whole or absent; it writes nothing for minutes already marked.
 * Parents and children are looked for within the join window around the minutes.
 */
export async function rollMinutes(store: RollupStore, environment: string, target: QueryTarget, minutes: { startUs: number; endUs: number }): Promise<void> {
  const sql = sqlWriter(duckDbDialect);
  const scope = { environment, tables: target.tables, fields: target.fields, startUs: minutes.startUs - JOIN_WINDOW_US, endUs: minutes.endUs + JOIN_WINDOW_US, traceFilter: null };
  const map = compileServiceMap(scope, sql, { counted: minutes, perMinute: true });
  const [env, rolled, start, end] = [environment, ROLLED_ROLE, minutes.startUs, minutes.endUs].map(sql.value);
  const columns = 'environment, minute, role, src_kind, src, dst_kind, dst, b, n, e, mx, ex';
  const rows =
    `SELECT ${env} AS environment, minute, role, src_kind, src, dst_kind, dst, b, n, e, mx, ex FROM (${map}) ` +
    `UNION ALL SELECT ${env}, m, ${rolled}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL ` +
    `FROM range(CAST(${start} AS BIGINT), CAST(${end} AS BIGINT), ${MINUTE_US}) AS minutes(m)`;
  const done = `SELECT 1 FROM ${EDGE_MINUTES_TABLE} WHERE environment = ${env} AND role = ${rolled} AND minute >= ${start} AND minute < ${end}`;
  await store.query(`INSERT INTO ${EDGE_MINUTES_TABLE} (${columns}) SELECT * FROM (${rows}) WHERE NOT EXISTS (${done})`, sql.params);
}

/** Rolls at start and then every minute; a failed roll is logged and tried again at the next. */
export function scheduleEdgeRollups(store: RollupStore, log: Logger): { stop: () => Promise<void> } {
  const run = () =>
    rollEdgeMinutes(store).catch((error) => {
      log.error('service map rollup failed', { error: (error as Error).message });
    });
  void run();
  const timer = setInterval(run, ROLL_INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running.get(store)?.catch(() => undefined);
    },
  };
}
