// Query benchmark: Flashlight's compiled SQL (totals and time series, sample-rate
// weighted, then shaped) against hand-written DuckDB SQL for the same question on the
// same table, as ratios. `npx tsx bench/query.ts --spans 10000000` (default 1,000,000).
import { DuckDBInstance } from '@duckdb/node-api';
import { compileQuery, duckDbDialect, shapeQueryResult } from '../packages/query/src/index.ts';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';
import { END_US, START_US, createDuckDbSpans, queryQuestions, queryTarget, queryWindow, type QueryQuestion } from './data/query-spans.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 3);

const range = `ts >= make_timestamp(${START_US}) AND ts < make_timestamp(${END_US})`;
const bucket = `time_bucket(INTERVAL 900 SECOND, ts, make_timestamp(${START_US}))`;

// Each question as a DuckDB user would write it, its totals and its time series
// (unweighted percentiles: DuckDB has no weighted quantile).
const baselines: Record<QueryQuestion, string[]> = {
  'COUNT by route': [
    `SELECT f1, sum(sample_rate) AS c FROM ds_0 WHERE ${range} GROUP BY f1 ORDER BY c DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f1, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY b, f1`,
  ],
  'P99(duration_ms) by service, errors only': [
    `SELECT f0, quantile_disc(f2, 0.99) AS p FROM ds_0 WHERE ${range} AND f5 GROUP BY f0 ORDER BY p DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f0, quantile_disc(f2, 0.99) FROM ds_0 WHERE ${range} AND f5 GROUP BY b, f0`,
  ],
  'P50 and P99(duration_ms), all spans': [
    `SELECT quantile_disc(f2, 0.5), quantile_disc(f2, 0.99) FROM ds_0 WHERE ${range}`,
    `SELECT ${bucket} AS b, quantile_disc(f2, 0.5), quantile_disc(f2, 0.99) FROM ds_0 WHERE ${range} GROUP BY b`,
  ],
  'P99(duration_ms) by user.id, top 100': [
    `SELECT f4, quantile_disc(f2, 0.99) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100`,
    `WITH top AS (SELECT f4, quantile_disc(f2, 0.99) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100)
     SELECT ${bucket} AS b, f4, quantile_disc(f2, 0.99) FROM ds_0 WHERE ${range} AND f4 IN (SELECT f4 FROM top) GROUP BY b, f4`,
  ],
  'COUNT_DISTINCT(user.id) by route': [
    `SELECT f1, count(DISTINCT f4) AS d FROM ds_0 WHERE ${range} GROUP BY f1 ORDER BY d DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f1, count(DISTINCT f4) FROM ds_0 WHERE ${range} GROUP BY b, f1`,
  ],
  'AVG(duration_ms) by user.id, top 100': [
    `SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND starts_with(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100`,
    `WITH top AS (SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND starts_with(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100)
     SELECT ${bucket} AS b, f4, sum(sample_rate * f2) / sum(sample_rate) FROM ds_0 WHERE ${range} AND starts_with(f1, '/api') AND f4 IN (SELECT f4 FROM top) GROUP BY b, f4`,
  ],
  'HEATMAP(duration_ms)': [
    `SELECT histogram(f2, equi_width_bins(0, 2000, 20, false)) FROM ds_0 WHERE ${range}`,
    `SELECT ${bucket} AS b, histogram(f2, equi_width_bins(0, 2000, 20, false)) FROM ds_0 WHERE ${range} GROUP BY b`,
  ],
};

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const created = performance.now();
await createDuckDbSpans(connection, SPANS);
console.log(`query benchmark: ${SPANS.toLocaleString('en-US')} spans over 24 h (made in ${((performance.now() - created) / 1000).toFixed(1)}s), median of ${RUNS} runs`);

for (const [name, spec] of Object.entries(queryQuestions) as [QueryQuestion, object][]) {
  const ours = await medianMs(RUNS, async () => {
    const compiled = compileQuery({ ...queryWindow, ...spec }, queryTarget, duckDbDialect, { dataset: 'spans' });
    const reader = await connection.runAndReadAll(compiled.sql, compiled.params as never);
    return shapeQueryResult(reader.getRowObjectsJS() as Record<string, unknown>[], compiled.layout);
  });
  const baseline = await medianMs(RUNS, async () => {
    for (const sql of baselines[name]) await connection.runAndReadAll(sql);
  });
  console.log(comparisonLine(name.padEnd(42), ours, 'hand-written', baseline));
}
connection.closeSync();
instance.closeSync();
