// Query benchmark: Flashlight's compiled SQL (totals and time series, sample-rate
// weighted, then shaped) against hand-written DuckDB SQL for the same question on the
// same table of a DuckDB file, as ratios. The issue's three questions come first, then
// the older ones. `npx tsx bench/query.ts --spans 10000000` (default 1,000,000); `--only HEATMAP`
// runs the questions whose names start so.
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { compileQuery, duckDbDialect, shapeQueryResult } from '../packages/query/src/index.ts';
import { comparisonLine } from './timing.ts';
import { numberFlag } from './number-flag.ts';
import {
  END_US,
  FILTERED_SERVICE,
  START_US,
  createDuckDbSpans,
  issueQuestions,
  issueWindow,
  queryQuestions,
  queryTarget,
  queryWindow,
  type IssueQuestion,
  type QueryQuestion,
} from './data/query-spans.ts';
import { createServiceSpans, ONE_SERVICE, SERVICES, serviceTable, serviceTarget } from './data/service-spans.ts';
import { machineLoad } from './machine-load.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 5);
/** Warm runs of the issue's questions, enough for a p95. */
const ISSUE_RUNS = numberFlag('issue-runs', 20);
/** Sizes of the per-service tables' runs (spans over all 20 services), in one process so the ratios show how cost grows. */
const SERVICE_SPANS = (process.argv[process.argv.indexOf('--service-spans') + 1] ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const only = process.argv.indexOf('--only');
const asked = (name: string) => only < 0 || name.startsWith(process.argv[only + 1]);

const range = `ts >= make_timestamp(${START_US}) AND ts < make_timestamp(${END_US})`;
const bucketOf = (seconds: number) => `time_bucket(INTERVAL ${seconds} SECOND, ts, make_timestamp(${START_US}))`;
const bucket = bucketOf(queryWindow.granularity);
const issueBucket = bucketOf(issueWindow.granularity);

/** Weighted percentiles as a DuckDB user writes them: running weight per group, the first value reaching each fraction. */
const weightedPercentiles = (keys: string, fractions: number[]) => `
  SELECT ${keys}, ${fractions.map((f) => `min(CASE WHEN run >= ${f} * total THEN f2 END) AS p${f * 1000}`).join(', ')}, sum(w) AS c
  FROM (SELECT ${keys}, f2, w, sum(w) OVER (PARTITION BY ${keys} ORDER BY f2 ROWS UNBOUNDED PRECEDING) AS run, sum(w) OVER (PARTITION BY ${keys}) AS total
        FROM (SELECT ${issueBucket} AS b, f1, f2, sample_rate AS w FROM ds_0 WHERE ${range} AND f0 = '${FILTERED_SERVICE}'))
  GROUP BY ${keys}`;

// The issue's questions in hand-written SQL: totals and series, the same filter, range,
// buckets and weighting. One service has 10 endpoints, under the limit of 100, so the
// series needs no top-N join. The heatmap's range is the measured min and max, as the
// question's buckets are; totals and series come from one scan with GROUPING SETS.
const issueBaselines: Record<IssueQuestion, string[]> = {
  'P50, P95, P99 + COUNT by endpoint, one service': [
    `${weightedPercentiles('f1', [0.5, 0.95, 0.99])} ORDER BY p500 DESC, f1 LIMIT 100`,
    weightedPercentiles('b, f1', [0.5, 0.95, 0.99]),
  ],
  'COUNT_DISTINCT(user.id) by service': [
    `SELECT f0, count(DISTINCT f4) AS d FROM ds_0 WHERE ${range} GROUP BY f0 ORDER BY d DESC, f0 LIMIT 100`,
    `SELECT ${issueBucket} AS b, f0, count(DISTINCT f4) FROM ds_0 WHERE ${range} GROUP BY b, f0`,
  ],
  'HEATMAP(duration_ms), all spans': [
    `WITH r AS (SELECT min(f2) AS lo, max(f2) AS hi FROM ds_0 WHERE ${range})
     SELECT ${issueBucket} AS b, least(CAST(floor((f2 - lo) * 20 / (hi - lo)) AS BIGINT), 19) AS k, sum(sample_rate)
     FROM ds_0, r WHERE ${range} GROUP BY GROUPING SETS ((k), (b, k))`,
  ],
};

/** The first question with DuckDB's own unweighted quantile_disc: what weighting costs. */
const unweightedFirst = [
  `SELECT f1, quantile_disc(f2, [0.5, 0.95, 0.99]) AS p, sum(sample_rate) FROM ds_0 WHERE ${range} AND f0 = '${FILTERED_SERVICE}' GROUP BY f1 ORDER BY p[1] DESC, f1 LIMIT 100`,
  `SELECT ${issueBucket} AS b, f1, quantile_disc(f2, [0.5, 0.95, 0.99]), sum(sample_rate) FROM ds_0 WHERE ${range} AND f0 = '${FILTERED_SERVICE}' GROUP BY b, f1`,
];

// The older questions as a DuckDB user would write them, totals and series (unweighted
// percentiles: DuckDB has no weighted quantile aggregate).
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
  // Fixed bins: the hand-written query skips the range the compiled one measures first.
  'HEATMAP(duration_ms)': [
    `SELECT histogram(f2, equi_width_bins(0, 2000, 20, false)) FROM ds_0 WHERE ${range}`,
    `SELECT ${bucket} AS b, histogram(f2, equi_width_bins(0, 2000, 20, false)) FROM ds_0 WHERE ${range} GROUP BY b`,
  ],
  // Each user's weighted count and median from running weights, then across users by the bucket of their first event.
  'per user.id: COUNT, AVG(calls), P95(p50)': [
    `WITH running AS (SELECT f4, f2, ts, sum(sample_rate) OVER (PARTITION BY f4 ORDER BY f2 ROWS UNBOUNDED PRECEDING) AS run, sum(sample_rate) OVER (PARTITION BY f4) AS total
                      FROM ds_0 WHERE ${range}),
     users AS (SELECT f4, min(ts) AS first, max(total) AS calls, min(CASE WHEN run >= 0.5 * total THEN f2 END) AS p50 FROM running GROUP BY f4)
     SELECT time_bucket(INTERVAL ${queryWindow.granularity} SECOND, first, make_timestamp(${START_US})) AS b, count(*), avg(calls), quantile_disc(p50, 0.95)
     FROM users GROUP BY GROUPING SETS ((), (b))`,
  ],
};

// OTLP's layout: one table per service. The same questions asked of one service's table and
// of all 20 (`__all__`); by hand, a weighted percentile from running weights and a heatmap
// whose range and bins come from one stored read of the rows, GROUPING SETS for both parts.
const serviceQuestions = {
  'P99 + COUNT by name': { calculations: [{ op: 'P99', column: 'duration_ms' }, { op: 'COUNT' }], breakdowns: ['name'] },
  'HEATMAP(duration_ms)': { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }] },
} as const;
type ServiceQuestion = keyof typeof serviceQuestions;
const rowsOf = (services: number[], columns: string) =>
  services.map((s) => `SELECT ${issueBucket} AS b, sample_rate AS w, ${columns} FROM ${serviceTable(s)} WHERE ${range}`).join(' UNION ALL ');
const serviceBaselines: Record<ServiceQuestion, (services: number[]) => string[]> = {
  'P99 + COUNT by name': (services) =>
    [
      ['f6', 'ORDER BY p DESC, f6 LIMIT 100'],
      ['b, f6', ''],
    ].map(
      ([keys, rank]) => `
      SELECT ${keys}, min(CASE WHEN run >= 0.99 * total THEN f2 END) AS p, sum(w) AS c
      FROM (SELECT ${keys}, f2, w, sum(w) OVER (PARTITION BY ${keys} ORDER BY f2 ROWS UNBOUNDED PRECEDING) AS run, sum(w) OVER (PARTITION BY ${keys}) AS total
            FROM (${rowsOf(services, 'f6, f2')}))
      GROUP BY ${keys} ${rank}`,
    ),
  'HEATMAP(duration_ms)': (services) => [
    `WITH u AS MATERIALIZED (${rowsOf(services, 'f2')}), r AS (SELECT min(f2) AS lo, max(f2) AS hi FROM u)
     SELECT b, least(CAST(floor((f2 - lo) * 20 / (hi - lo)) AS BIGINT), 19) AS k, sum(w) FROM u, r GROUP BY GROUPING SETS ((k), (b, k))`,
  ],
};

/** Sorted wall times in ms of `runs` warm runs of each piece of work, taken in turn so load hits them alike. */
async function warmTimes(runs: number, works: (() => Promise<unknown>)[]): Promise<number[][]> {
  for (const work of works) await work();
  const times = works.map((): number[] => []);
  for (let r = 0; r < runs; r++) {
    for (const [i, work] of works.entries()) {
      const started = performance.now();
      await work();
      times[i].push(performance.now() - started);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b));
}
const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)];
const p95 = (sorted: number[]) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];

async function runCompiled(connection: DuckDBConnection, spec: object, target = queryTarget) {
  const compiled = compileQuery(spec, target, duckDbDialect, { dataset: 'spans' });
  const reader = await connection.runAndReadAll(compiled.sql, compiled.params as never);
  return shapeQueryResult(reader.getRowObjectsJS() as Record<string, unknown>[], compiled.layout);
}
const runAll = (connection: DuckDBConnection, statements: string[]) => async () => {
  for (const sql of statements) await connection.runAndReadAll(sql);
};

const file = path.join(os.tmpdir(), `flashlight-query-bench-${process.pid}.duckdb`);
const instance = await DuckDBInstance.create(file);
const connection = await instance.connect();
try {
  await connection.run(`SET memory_limit = '6GB'`);
  const created = performance.now();
  await createDuckDbSpans(connection, SPANS);
  await connection.run('CHECKPOINT');
  const madeS = ((performance.now() - created) / 1000).toFixed(1);
  console.log(`query benchmark: ${SPANS.toLocaleString('en-US')} spans over 24 h in a DuckDB file (made in ${madeS}s), load ${machineLoad()}`);

  console.log(`\nthe issue's questions, 60 buckets, median and p95 of ${ISSUE_RUNS} warm runs:`);
  for (const [name, spec] of (Object.entries(issueQuestions) as [IssueQuestion, object][]).filter(([name]) => asked(name))) {
    const [ours, baseline] = await warmTimes(ISSUE_RUNS, [
      () => runCompiled(connection, { ...issueWindow, ...spec }),
      runAll(connection, issueBaselines[name]),
    ]);
    console.log(
      `${comparisonLine(name.padEnd(48), median(ours), 'hand-written', median(baseline))} | p95 ${p95(ours).toFixed(0)} ms vs ${p95(baseline).toFixed(0)} ms`,
    );
  }
  const [unweighted] = await warmTimes(ISSUE_RUNS, [runAll(connection, unweightedFirst)]);
  console.log(`(the first question with unweighted quantile_disc instead: ${median(unweighted).toFixed(0)} ms)`);

  console.log(`\nolder questions, 96 buckets, median of ${RUNS} warm runs:`);
  for (const [name, spec] of (Object.entries(queryQuestions) as [QueryQuestion, object][]).filter(([name]) => asked(name))) {
    const [ours, baseline] = await warmTimes(RUNS, [() => runCompiled(connection, { ...queryWindow, ...spec }), runAll(connection, baselines[name])]);
    console.log(comparisonLine(name.padEnd(48), median(ours), 'hand-written', median(baseline)));
  }

  for (const spans of SERVICE_SPANS) {
    await createServiceSpans(connection, spans);
    await connection.run('CHECKPOINT');
    const rows = Math.floor(spans / SERVICES);
    console.log(
      `\n${SERVICES} per-service tables of ${rows.toLocaleString('en-US')} spans (${spans.toLocaleString('en-US')} in all), 60 buckets, median and p95 of ${ISSUE_RUNS} warm runs:`,
    );
    const all = Array.from({ length: SERVICES }, (_, s) => s);
    for (const [scope, services] of [
      ['__all__', all],
      ['one service', [ONE_SERVICE]],
    ] as const) {
      for (const [name, spec] of Object.entries(serviceQuestions) as [ServiceQuestion, object][]) {
        if (!asked(name)) continue;
        const target = serviceTarget([...services], rows);
        const [ours, baseline] = await warmTimes(ISSUE_RUNS, [
          () => runCompiled(connection, { ...issueWindow, ...spec }, target),
          runAll(connection, serviceBaselines[name]([...services])),
        ]);
        console.log(
          `${comparisonLine(`${scope}: ${name}`.padEnd(48), median(ours), 'hand-written', median(baseline))} | p95 ${p95(ours).toFixed(0)} ms vs ${p95(baseline).toFixed(0)} ms`,
        );
      }
    }
  }
  console.log(`load ${machineLoad()}`);
} finally {
  connection.closeSync();
  instance.closeSync();
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
}
