// Query benchmark on ClickHouse: bench/query.ts's questions, compiled with the ClickHouse
// dialect and run on a local clickhouse-server, against hand-written ClickHouse SQL for the
// same question on the same table, as ratios; beside each, the same spec compiled for
// DuckDB on DuckDB. The spans mirror bench/query.ts's generator (the same distributions,
// made inside each engine). `npx tsx bench/query-clickhouse.ts --spans 10000000`.
import { DuckDBInstance } from '@duckdb/node-api';
import { clickHouseDialect, clickHouseStatement, compileQuery, duckDbDialect, shapeQueryResult } from '../packages/query/src/index.ts';
import { ClickHouseHttp } from '../apps/server/src/store/clickhouse/clickhouse-http.ts';
import { resultRows } from '../apps/server/src/store/clickhouse/result-values.ts';
import { startClickHouse } from '../apps/server/src/testing/clickhouse-server.ts';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';
import { END_US, HOUR_US, START_US, createDuckDbSpans, queryQuestions, queryTarget, queryWindow, type QueryQuestion } from './data/query-spans.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 3);

/** A pseudo-random integer in [0, modulo) per row and salt, in ClickHouse. */
const h = (salt: number, modulo: number) => `toInt64(cityHash64(number, ${salt}) % ${modulo})`;

/** The ClickHouse store's layout (µs Int64 time, Nullable fields), filled by ClickHouse itself as createDuckDbSpans fills DuckDB. */
async function createClickHouseSpans(db: ClickHouseHttp): Promise<void> {
  await db.command(`
    CREATE TABLE ds_0 (ts Int64, sample_rate Float64, f0 Nullable(String), f1 Nullable(String), f2 Nullable(Float64),
                       f3 Nullable(Int64), f4 Nullable(String), f5 Nullable(UInt8))
    ENGINE = MergeTree() PARTITION BY toDate(intDiv(ts, 1000000)) ORDER BY ts`);
  await db.command(`
    INSERT INTO ds_0
    SELECT toInt64(${START_US} + number * ${(24 * HOUR_US) / SPANS}) AS ts,
           toFloat64([1, 1, 1, 5, 10][1 + ${h(1, 5)}]) AS sample_rate,
           ['frontend', 'checkout', 'search', 'payments', 'email'][1 + ${h(2, 5)}] AS f0,
           ['/', '/cart', '/checkout', '/search', '/api/items/:id', '/login', '/api/orders'][1 + ${h(3, 7)}] AS f1,
           exp(3.7 + 0.8 * sqrt(-2 * log((${h(4, 1000000)} + 1) / 1000001.0)) * cos(6.283185 * (${h(5, 1000000)}) / 1000000.0)) AS f2,
           multiIf(${h(6, 100)} < 5, 500, ${h(6, 100)} < 10, 404, 200) AS f3,
           concat('user-', toString(${h(7, 100000)})) AS f4,
           toUInt8(${h(6, 100)} < 5) AS f5
    FROM numbers(${SPANS})`);
  // Parts merged, as they are in a store that has been running for a while.
  await db.command('OPTIMIZE TABLE ds_0 FINAL');
}

const range = `ts >= ${START_US} AND ts < ${END_US}`;
const bucket = `toStartOfFifteenMinutes(toDateTime(intDiv(ts, 1000000)))`;
const weight = 'toUInt64(sample_rate)';

// Each question as a ClickHouse user would write it, its totals and its time series,
// weighted by sample rate (functions ClickHouse 18.16 has).
const baselines: Record<QueryQuestion, string[]> = {
  'COUNT by route': [
    `SELECT f1, sum(sample_rate) AS c FROM ds_0 WHERE ${range} GROUP BY f1 ORDER BY c DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f1, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY b, f1`,
  ],
  'P99(duration_ms) by service, errors only': [
    `SELECT f0, quantileExactWeighted(0.99)(f2, ${weight}) AS p FROM ds_0 WHERE ${range} AND f5 = 1 GROUP BY f0 ORDER BY p DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f0, quantileExactWeighted(0.99)(f2, ${weight}) FROM ds_0 WHERE ${range} AND f5 = 1 GROUP BY b, f0`,
  ],
  'P50 and P99(duration_ms), all spans': [
    `SELECT quantilesExactWeighted(0.5, 0.99)(f2, ${weight}) FROM ds_0 WHERE ${range}`,
    `SELECT ${bucket} AS b, quantilesExactWeighted(0.5, 0.99)(f2, ${weight}) FROM ds_0 WHERE ${range} GROUP BY b`,
  ],
  'P99(duration_ms) by user.id, top 100': [
    `SELECT f4, quantileExactWeighted(0.99)(f2, ${weight}) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f4, quantileExactWeighted(0.99)(f2, ${weight}) FROM ds_0 WHERE ${range} AND f4 IN (
       SELECT f4 FROM (SELECT f4, quantileExactWeighted(0.99)(f2, ${weight}) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100))
     GROUP BY b, f4`,
  ],
  'COUNT_DISTINCT(user.id) by route': [
    `SELECT f1, uniqExact(f4) AS d FROM ds_0 WHERE ${range} GROUP BY f1 ORDER BY d DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f1, uniqExact(f4) FROM ds_0 WHERE ${range} GROUP BY b, f1`,
  ],
  'AVG(duration_ms) by user.id, top 100': [
    `SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND startsWith(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f4, sum(sample_rate * f2) / sum(sample_rate) FROM ds_0 WHERE ${range} AND startsWith(f1, '/api') AND f4 IN (
       SELECT f4 FROM (SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND startsWith(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100))
     GROUP BY b, f4`,
  ],
  // Fixed bins: the hand-written query knows the range the compiled one looks up first.
  'HEATMAP(duration_ms)': [
    `SELECT least(toInt64(floor(f2 / 100)), 19) AS bin, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY bin`,
    `SELECT ${bucket} AS b, least(toInt64(floor(f2 / 100)), 19) AS bin, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY b, bin`,
  ],
};

const clickhouse = await startClickHouse();
const instance = await DuckDBInstance.create(':memory:');
const duckdb = await instance.connect();
try {
  await new ClickHouseHttp(clickhouse.nodes[0].url).command('CREATE DATABASE bench');
  const db = new ClickHouseHttp(clickhouse.nodes[0].url, { database: 'bench' });
  const created = performance.now();
  await createClickHouseSpans(db);
  await createDuckDbSpans(duckdb, SPANS);
  console.log(`query benchmark on ClickHouse: ${SPANS.toLocaleString('en-US')} spans over 24 h in each engine (made in ${((performance.now() - created) / 1000).toFixed(1)}s), median of ${RUNS} runs`);

  for (const [name, spec] of Object.entries(queryQuestions) as [QueryQuestion, object][]) {
    const ours = await medianMs(RUNS, async () => {
      const compiled = compileQuery({ ...queryWindow, ...spec }, queryTarget, clickHouseDialect, { dataset: 'spans' });
      return shapeQueryResult(resultRows(await db.select(clickHouseStatement(compiled.sql))), compiled.layout);
    });
    const baseline = await medianMs(RUNS, async () => {
      for (const sql of baselines[name]) await db.select(sql);
    });
    const onDuckDb = await medianMs(RUNS, async () => {
      const compiled = compileQuery({ ...queryWindow, ...spec }, queryTarget, duckDbDialect, { dataset: 'spans' });
      const reader = await duckdb.runAndReadAll(compiled.sql, compiled.params as never);
      return shapeQueryResult(reader.getRowObjectsJS() as Record<string, unknown>[], compiled.layout);
    });
    console.log(`${comparisonLine(name.padEnd(42), ours, 'hand-written ClickHouse', baseline)} | flashlight on DuckDB ${onDuckDb.toFixed(0).padStart(6)} ms`);
  }
} finally {
  duckdb.closeSync();
  instance.closeSync();
  await clickhouse.stop();
}
