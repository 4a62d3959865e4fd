// Query benchmark on ClickHouse: bench/query.ts's questions, compiled with the ClickHouse
// dialect and run on a local clickhouse-server, against hand-written ClickHouse SQL for the
// same question on the same table, as ratios. The spans mirror bench/query.ts's generator
// and are made inside ClickHouse. `npx tsx bench/query-clickhouse.ts --spans 10000000`.
import { clickHouseDialect, clickHouseStatement, compileQuery, shapeQueryResult, type FieldInfo, type QueryTarget } from '../packages/query/src/index.ts';
import { ClickHouseHttp } from '../apps/server/src/store/clickhouse/clickhouse-http.ts';
import { resultRows } from '../apps/server/src/store/clickhouse/result-values.ts';
import { startClickHouse } from '../apps/server/src/testing/clickhouse-server.ts';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 3);
const HOUR_US = 3600e6;
const START_US = Date.UTC(2026, 0, 1) * 1000;
const END_US = START_US + 24 * HOUR_US;

const fields: FieldInfo[] = [
  { name: 'service.name', type: 'string', column: 'f0' },
  { name: 'http.route', type: 'string', column: 'f1' },
  { name: 'duration_ms', type: 'float', column: 'f2' },
  { name: 'http.status_code', type: 'integer', column: 'f3' },
  { name: 'user.id', type: 'string', column: 'f4' },
  { name: 'error', type: 'boolean', column: 'f5' },
];
const target: QueryTarget = {
  tables: [{ dataset: 'spans', table: 'ds_0', columns: new Set(fields.map((f) => f.column)) }],
  fields: new Map(fields.map((f) => [f.name, f])),
};

/** A pseudo-random integer in [0, modulo) per row and salt. */
const h = (salt: number, modulo: number) => `toInt64(cityHash64(number, ${salt}) % ${modulo})`;

/** The physical layout the ClickHouse store writes (µs Int64 time, Nullable fields), filled by ClickHouse itself. */
async function createSpans(db: ClickHouseHttp): Promise<void> {
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
}

const window = { start_time: START_US / 1e6, end_time: END_US / 1e6, granularity: 900 };
const range = `ts >= ${START_US} AND ts < ${END_US}`;
const bucket = `toStartOfFifteenMinutes(toDateTime(intDiv(ts, 1000000)))`;
const weight = 'toUInt64(sample_rate)';

// Each question, asked both ways: our spec, and the SQL a ClickHouse user would write for
// its totals and its time series, weighted by sample rate (functions ClickHouse 18.16 has).
const questions: { name: string; spec: object; baseline: string[] }[] = [
  {
    name: 'COUNT by route',
    spec: { calculations: [{ op: 'COUNT' }], breakdowns: ['http.route'] },
    baseline: [
      `SELECT f1, sum(sample_rate) AS c FROM ds_0 WHERE ${range} GROUP BY f1 ORDER BY c DESC LIMIT 100`,
      `SELECT ${bucket} AS b, f1, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY b, f1`,
    ],
  },
  {
    name: 'P99(duration_ms) by service, errors only',
    spec: { calculations: [{ op: 'P99', column: 'duration_ms' }], breakdowns: ['service.name'], filters: [{ column: 'error', op: '=', value: true }] },
    baseline: [
      `SELECT f0, quantileExactWeighted(0.99)(f2, ${weight}) AS p FROM ds_0 WHERE ${range} AND f5 = 1 GROUP BY f0 ORDER BY p DESC LIMIT 100`,
      `SELECT ${bucket} AS b, f0, quantileExactWeighted(0.99)(f2, ${weight}) FROM ds_0 WHERE ${range} AND f5 = 1 GROUP BY b, f0`,
    ],
  },
  {
    name: 'P50 and P99(duration_ms), all spans',
    spec: { calculations: [{ op: 'P50', column: 'duration_ms' }, { op: 'P99', column: 'duration_ms' }] },
    baseline: [
      `SELECT quantilesExactWeighted(0.5, 0.99)(f2, ${weight}) FROM ds_0 WHERE ${range}`,
      `SELECT ${bucket} AS b, quantilesExactWeighted(0.5, 0.99)(f2, ${weight}) FROM ds_0 WHERE ${range} GROUP BY b`,
    ],
  },
  {
    name: 'P99(duration_ms) by user.id, top 100',
    spec: { calculations: [{ op: 'P99', column: 'duration_ms' }], breakdowns: ['user.id'] },
    baseline: [
      `SELECT f4, quantileExactWeighted(0.99)(f2, ${weight}) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100`,
      `SELECT ${bucket} AS b, f4, quantileExactWeighted(0.99)(f2, ${weight}) FROM ds_0 WHERE ${range} AND f4 IN (
         SELECT f4 FROM (SELECT f4, quantileExactWeighted(0.99)(f2, ${weight}) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100))
       GROUP BY b, f4`,
    ],
  },
  {
    name: 'COUNT_DISTINCT(user.id) by route',
    spec: { calculations: [{ op: 'COUNT_DISTINCT', column: 'user.id' }], breakdowns: ['http.route'] },
    baseline: [
      `SELECT f1, uniqExact(f4) AS d FROM ds_0 WHERE ${range} GROUP BY f1 ORDER BY d DESC LIMIT 100`,
      `SELECT ${bucket} AS b, f1, uniqExact(f4) FROM ds_0 WHERE ${range} GROUP BY b, f1`,
    ],
  },
  {
    name: 'AVG(duration_ms) by user.id, top 100',
    spec: { calculations: [{ op: 'AVG', column: 'duration_ms' }], breakdowns: ['user.id'], filters: [{ column: 'http.route', op: 'starts-with', value: '/api' }] },
    baseline: [
      `SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND startsWith(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100`,
      `SELECT ${bucket} AS b, f4, sum(sample_rate * f2) / sum(sample_rate) FROM ds_0 WHERE ${range} AND startsWith(f1, '/api') AND f4 IN (
         SELECT f4 FROM (SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND startsWith(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100))
       GROUP BY b, f4`,
    ],
  },
  {
    name: 'HEATMAP(duration_ms)',
    spec: { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }] },
    baseline: [
      `SELECT least(toInt64(floor(f2 / 100)), 19) AS bin, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY bin`,
      `SELECT ${bucket} AS b, least(toInt64(floor(f2 / 100)), 19) AS bin, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY b, bin`,
    ],
  },
];

const clickhouse = await startClickHouse();
try {
  const admin = new ClickHouseHttp(clickhouse.nodes[0].url);
  await admin.command('CREATE DATABASE bench');
  const db = new ClickHouseHttp(clickhouse.nodes[0].url, { database: 'bench' });
  const created = performance.now();
  await createSpans(db);
  await db.command('OPTIMIZE TABLE ds_0 FINAL');
  console.log(`query benchmark on ClickHouse: ${SPANS.toLocaleString('en-US')} spans over 24 h (made in ${((performance.now() - created) / 1000).toFixed(1)}s), median of ${RUNS} runs`);

  for (const question of questions) {
    const ours = await medianMs(RUNS, async () => {
      const compiled = compileQuery({ ...window, ...question.spec }, target, clickHouseDialect, { dataset: 'spans' });
      return shapeQueryResult(resultRows(await db.select(clickHouseStatement(compiled.sql))), compiled.layout);
    });
    const baseline = await medianMs(RUNS, async () => {
      for (const sql of question.baseline) resultRows(await db.select(sql));
    });
    console.log(comparisonLine(question.name.padEnd(42), ours, 'hand-written ClickHouse', baseline));
  }
} finally {
  await clickhouse.stop();
}
