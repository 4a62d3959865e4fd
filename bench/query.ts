// Query benchmark: Flashlight's compiled SQL (totals and time series, sample-rate
// weighted, then shaped) against hand-written DuckDB SQL for the same question on the
// same table, as ratios. `npx tsx bench/query.ts --spans 10000000` (default 1,000,000).
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { compileQuery, duckDbDialect, shapeQueryResult, type FieldInfo, type QueryTarget } from '../packages/query/src/index.ts';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 3);
const HOUR_US = 3600e6;
const START_US = Date.UTC(2026, 0, 1) * 1000;

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
const h = (salt: number, modulo: number) => `CAST(hash(i, ${salt}) % ${modulo} AS BIGINT)`;

/** The physical layout the store writes, filled by DuckDB itself: spans over 24 hours. */
async function createSpans(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    CREATE TABLE ds_0 AS
    SELECT make_timestamp(CAST(${START_US} + (i * ${(24 * HOUR_US) / SPANS}) AS BIGINT)) AS ts,
           CAST([1, 1, 1, 5, 10][1 + ${h(1, 5)}] AS DOUBLE) AS sample_rate,
           ['frontend', 'checkout', 'search', 'payments', 'email'][1 + ${h(2, 5)}] AS f0,
           ['/', '/cart', '/checkout', '/search', '/api/items/:id', '/login', '/api/orders'][1 + ${h(3, 7)}] AS f1,
           exp(3.7 + 0.8 * sqrt(-2 * ln((${h(4, 1000000)} + 1) / 1000001.0)) * cos(6.283185 * (${h(5, 1000000)}) / 1000000.0)) AS f2,
           CAST(CASE WHEN ${h(6, 100)} < 5 THEN 500 WHEN ${h(6, 100)} < 10 THEN 404 ELSE 200 END AS BIGINT) AS f3,
           'user-' || (${h(7, 100000)}) AS f4,
           ${h(6, 100)} < 5 AS f5
    FROM range(${SPANS}) r(i)`);
}

const window = { start_time: START_US / 1e6, end_time: START_US / 1e6 + 24 * 3600, granularity: 900 };
const range = `ts >= make_timestamp(${START_US}) AND ts < make_timestamp(${START_US + 24 * HOUR_US})`;
const bucket = `time_bucket(INTERVAL 900 SECOND, ts, make_timestamp(${START_US}))`;

// Each question, asked both ways: our spec, and the SQL a DuckDB user would write for its
// totals and its time series (unweighted percentiles: DuckDB has no weighted quantile).
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
      `SELECT f0, quantile_disc(f2, 0.99) AS p FROM ds_0 WHERE ${range} AND f5 GROUP BY f0 ORDER BY p DESC LIMIT 100`,
      `SELECT ${bucket} AS b, f0, quantile_disc(f2, 0.99) FROM ds_0 WHERE ${range} AND f5 GROUP BY b, f0`,
    ],
  },
  {
    name: 'P50 and P99(duration_ms), all spans',
    spec: { calculations: [{ op: 'P50', column: 'duration_ms' }, { op: 'P99', column: 'duration_ms' }] },
    baseline: [
      `SELECT quantile_disc(f2, 0.5), quantile_disc(f2, 0.99) FROM ds_0 WHERE ${range}`,
      `SELECT ${bucket} AS b, quantile_disc(f2, 0.5), quantile_disc(f2, 0.99) FROM ds_0 WHERE ${range} GROUP BY b`,
    ],
  },
  {
    name: 'P99(duration_ms) by user.id, top 100',
    spec: { calculations: [{ op: 'P99', column: 'duration_ms' }], breakdowns: ['user.id'] },
    baseline: [
      `SELECT f4, quantile_disc(f2, 0.99) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100`,
      `WITH top AS (SELECT f4, quantile_disc(f2, 0.99) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100)
       SELECT ${bucket} AS b, f4, quantile_disc(f2, 0.99) FROM ds_0 WHERE ${range} AND f4 IN (SELECT f4 FROM top) GROUP BY b, f4`,
    ],
  },
  {
    name: 'COUNT_DISTINCT(user.id) by route',
    spec: { calculations: [{ op: 'COUNT_DISTINCT', column: 'user.id' }], breakdowns: ['http.route'] },
    baseline: [
      `SELECT f1, count(DISTINCT f4) AS d FROM ds_0 WHERE ${range} GROUP BY f1 ORDER BY d DESC LIMIT 100`,
      `SELECT ${bucket} AS b, f1, count(DISTINCT f4) FROM ds_0 WHERE ${range} GROUP BY b, f1`,
    ],
  },
  {
    name: 'AVG(duration_ms) by user.id, top 100',
    spec: { calculations: [{ op: 'AVG', column: 'duration_ms' }], breakdowns: ['user.id'], filters: [{ column: 'http.route', op: 'starts-with', value: '/api' }] },
    baseline: [
      `SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND starts_with(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100`,
      `WITH top AS (SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND starts_with(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100)
       SELECT ${bucket} AS b, f4, sum(sample_rate * f2) / sum(sample_rate) FROM ds_0 WHERE ${range} AND starts_with(f1, '/api') AND f4 IN (SELECT f4 FROM top) GROUP BY b, f4`,
    ],
  },
  {
    name: 'HEATMAP(duration_ms)',
    spec: { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }] },
    baseline: [
      `SELECT histogram(f2, equi_width_bins(0, 2000, 20, false)) FROM ds_0 WHERE ${range}`,
      `SELECT ${bucket} AS b, histogram(f2, equi_width_bins(0, 2000, 20, false)) FROM ds_0 WHERE ${range} GROUP BY b`,
    ],
  },
];

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const created = performance.now();
await createSpans(connection);
console.log(`query benchmark: ${SPANS.toLocaleString('en-US')} spans over 24 h (made in ${((performance.now() - created) / 1000).toFixed(1)}s), median of ${RUNS} runs`);

for (const question of questions) {
  const ours = await medianMs(RUNS, async () => {
    const compiled = compileQuery({ ...window, ...question.spec }, target, duckDbDialect, { dataset: 'spans' });
    const reader = await connection.runAndReadAll(compiled.sql, compiled.params as never);
    return shapeQueryResult(reader.getRowObjectsJS() as Record<string, unknown>[], compiled.layout);
  });
  const baseline = await medianMs(RUNS, async () => {
    for (const sql of question.baseline) await connection.runAndReadAll(sql);
  });
  console.log(comparisonLine(question.name.padEnd(42), ours, 'hand-written', baseline));
}
connection.closeSync();
instance.closeSync();
