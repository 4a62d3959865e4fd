// Query benchmark on ClickHouse: bench/query.ts's questions (the issue's three first), compiled with the ClickHouse
// dialect and run on a local clickhouse-server, against hand-written ClickHouse SQL for the
// same question on the same table, as ratios; beside each, the same spec compiled for
// DuckDB on DuckDB. Both engines hold the very spans bench/query.ts's generator makes in
// DuckDB, copied to ClickHouse. `npx tsx bench/query-clickhouse.ts --spans 10000000`;
// `--only HEATMAP` runs the questions whose names start so; `--server-cpu` adds the server's
// CPU time per answer (steadier than wall time on shared cores). Flashlight's side runs what the
// server does: a heatmap's range statement first, then the answer with its bounds.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  clickHouseDialect,
  clickHouseNumberLiteral,
  clickHouseStringLiteral,
  compilePrepared,
  compileQuery,
  compileRangeQuery,
  duckDbDialect,
  prepareQuery,
  shapeQueryResult,
} from '../packages/query/src/index.ts';
import { ClickHouseHttp, resultRows, startClickHouse } from '@flashlight/server/testing';
import { copySpansToClickHouse } from './data/clickhouse-spans.ts';
import { comparisonLine, medianMs } from './timing.ts';
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
import { machineLoad } from './machine-load.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 3);
const ISSUE_RUNS = numberFlag('issue-runs', 7);
const only = process.argv.indexOf('--only');
const asked = (name: string) => only < 0 || name.startsWith(process.argv[only + 1]);
const SERVER_CPU = process.argv.includes('--server-cpu');

/** CPU time (user + system) the process has used, in ms, from /proc (clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The median CPU time the server spends on `runs` sequential calls of `work`. */
async function medianServerCpuMs(pid: number, runs: number, work: () => Promise<unknown>): Promise<number> {
  const spent: number[] = [];
  for (let r = 0; r < runs; r++) {
    const before = await cpuMs(pid);
    await work();
    spent.push((await cpuMs(pid)) - before);
  }
  return spent.sort((a, b) => a - b)[Math.floor(spent.length / 2)];
}

const range = `ts >= ${START_US} AND ts < ${END_US}`;
const bucket = `toStartOfFifteenMinutes(toDateTime(intDiv(ts, 1000000)))`;
const weight = 'toUInt64(sample_rate)';

type Baseline = (db: ClickHouseHttp) => Promise<unknown>;
const statements =
  (...sql: string[]): Baseline =>
  async (db) => {
    for (const statement of sql) await db.select(statement);
  };

// Each question as a ClickHouse user would write it, its totals and its time series,
// weighted by sample rate (functions ClickHouse 18.16 has).
const baselines: Record<QueryQuestion, Baseline> = {
  'COUNT by route': statements(
    `SELECT f1, sum(sample_rate) AS c FROM ds_0 WHERE ${range} GROUP BY f1 ORDER BY c DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f1, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY b, f1`,
  ),
  'P99(duration_ms) by service, errors only': statements(
    `SELECT f0, quantileExactWeighted(0.99)(f2, ${weight}) AS p FROM ds_0 WHERE ${range} AND f5 = 1 GROUP BY f0 ORDER BY p DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f0, quantileExactWeighted(0.99)(f2, ${weight}) FROM ds_0 WHERE ${range} AND f5 = 1 GROUP BY b, f0`,
  ),
  'P50 and P99(duration_ms), all spans': statements(
    `SELECT quantilesExactWeighted(0.5, 0.99)(f2, ${weight}) FROM ds_0 WHERE ${range}`,
    `SELECT ${bucket} AS b, quantilesExactWeighted(0.5, 0.99)(f2, ${weight}) FROM ds_0 WHERE ${range} GROUP BY b`,
  ),
  'P99(duration_ms) by user.id, top 100': statements(
    `SELECT f4, quantileExactWeighted(0.99)(f2, ${weight}) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f4, quantileExactWeighted(0.99)(f2, ${weight}) FROM ds_0 WHERE ${range} AND f4 IN (
       SELECT f4 FROM (SELECT f4, quantileExactWeighted(0.99)(f2, ${weight}) AS p FROM ds_0 WHERE ${range} GROUP BY f4 ORDER BY p DESC LIMIT 100))
     GROUP BY b, f4`,
  ),
  'COUNT_DISTINCT(user.id) by route': statements(
    `SELECT f1, uniqExact(f4) AS d FROM ds_0 WHERE ${range} GROUP BY f1 ORDER BY d DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f1, uniqExact(f4) FROM ds_0 WHERE ${range} GROUP BY b, f1`,
  ),
  'AVG(duration_ms) by user.id, top 100': statements(
    `SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND startsWith(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100`,
    `SELECT ${bucket} AS b, f4, sum(sample_rate * f2) / sum(sample_rate) FROM ds_0 WHERE ${range} AND startsWith(f1, '/api') AND f4 IN (
       SELECT f4 FROM (SELECT f4, sum(sample_rate * f2) / sum(sample_rate) AS a FROM ds_0 WHERE ${range} AND startsWith(f1, '/api') GROUP BY f4 ORDER BY a DESC LIMIT 100))
     GROUP BY b, f4`,
  ),
  // Fixed bins: the hand-written query knows the range the compiled one looks up first.
  'HEATMAP(duration_ms)': statements(
    `SELECT least(toInt64(floor(f2 / 100)), 19) AS bin, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY bin`,
    `SELECT ${bucket} AS b, least(toInt64(floor(f2 / 100)), 19) AS bin, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY b, bin`,
  ),
  // Each user's weighted count and median, then across users: in total and by the bucket of their first event.
  'per user.id: COUNT, AVG(calls), P95(p50)': statements(
    `SELECT count(), avg(calls), quantileExact(0.95)(p50) FROM (
       SELECT f4, sum(sample_rate) AS calls, quantileExactWeighted(0.5)(f2, ${weight}) AS p50 FROM ds_0 WHERE ${range} GROUP BY f4)`,
    `SELECT toStartOfFifteenMinutes(toDateTime(intDiv(first, 1000000))) AS b, count(), avg(calls), quantileExact(0.95)(p50) FROM (
       SELECT f4, min(ts) AS first, sum(sample_rate) AS calls, quantileExactWeighted(0.5)(f2, ${weight}) AS p50 FROM ds_0 WHERE ${range} GROUP BY f4)
     GROUP BY b`,
  ),
};

const issueBucket = `intDiv(ts - ${START_US}, ${issueWindow.granularity * 1e6})`;
const service = clickHouseStringLiteral(FILTERED_SERVICE);
const quantiles = `quantilesExactWeighted(0.5, 0.95, 0.99)(f2, ${weight})`;

// The issue's questions by hand: one service has 10 endpoints, under the limit of 100, so
// its series needs no top-N filter; the heatmap's range is measured first, as the
// question's buckets are, then totals and series come from one scan (WITH ROLLUP).
const issueBaselines: Record<IssueQuestion, Baseline> = {
  'P50, P95, P99 + COUNT by endpoint, one service': statements(
    `SELECT f1, ${quantiles} AS p, sum(sample_rate) FROM ds_0 WHERE ${range} AND f0 = ${service} GROUP BY f1 ORDER BY p[1] DESC, f1 LIMIT 100`,
    `SELECT ${issueBucket} AS b, f1, ${quantiles}, sum(sample_rate) FROM ds_0 WHERE ${range} AND f0 = ${service} GROUP BY b, f1`,
  ),
  'COUNT_DISTINCT(user.id) by service': statements(
    `SELECT f0, uniqExact(f4) AS d FROM ds_0 WHERE ${range} GROUP BY f0 ORDER BY d DESC, f0 LIMIT 100`,
    `SELECT ${issueBucket} AS b, f0, uniqExact(f4) FROM ds_0 WHERE ${range} GROUP BY b, f0`,
  ),
  'HEATMAP(duration_ms), all spans': async (db) => {
    const { data } = await db.select(`SELECT min(f2) AS lo, max(f2) AS hi FROM ds_0 WHERE ${range}`);
    const [lo, hi] = [Number(data[0].lo), Number(data[0].hi)].map(clickHouseNumberLiteral);
    const bin = `least(toInt64(floor((f2 - ${lo}) * 20 / (${hi} - ${lo}))), 19)`;
    await db.select(`SELECT ${bin} AS k, ${issueBucket} AS b, sum(sample_rate) FROM ds_0 WHERE ${range} GROUP BY k, b WITH ROLLUP`);
  },
};

const clickhouse = await startClickHouse();
const instance = await DuckDBInstance.create(':memory:');
const duckdb = await instance.connect();
const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-spans-'));
try {
  await duckdb.run("SET memory_limit='6GB'");
  await new ClickHouseHttp(clickhouse.nodes[0].url).command('CREATE DATABASE bench');
  const db = new ClickHouseHttp(clickhouse.nodes[0].url, { database: 'bench' });
  const created = performance.now();
  await createDuckDbSpans(duckdb, SPANS);
  await copySpansToClickHouse(duckdb, db, clickhouse.nodes[0], path.join(dir, 'spans.tsv'));
  console.log(
    `query benchmark on ClickHouse: the same ${SPANS.toLocaleString('en-US')} spans over 24 h in each engine (made in ${((performance.now() - created) / 1000).toFixed(1)}s), load ${machineLoad()}`,
  );

  const compare = async (name: string, spec: object, baseline: Baseline, runs: number) => {
    const flashlight = async () => {
      const prepared = prepareQuery(spec, queryTarget, { dataset: 'spans' });
      const range = compileRangeQuery(prepared, clickHouseDialect);
      const measuredRanges = range ? resultRows(await db.select(range.sql))[0] : undefined;
      const compiled = compilePrepared(prepared, clickHouseDialect, measuredRanges);
      return shapeQueryResult(resultRows(await db.select(compiled.sql)), compiled.layout);
    };
    const ours = await medianMs(runs, flashlight);
    const handWritten = await medianMs(runs, () => baseline(db));
    const onDuckDb = await medianMs(runs, async () => {
      const compiled = compileQuery(spec, queryTarget, duckDbDialect, { dataset: 'spans' });
      const reader = await duckdb.runAndReadAll(compiled.sql, compiled.params as never);
      return shapeQueryResult(reader.getRowObjectsJS() as Record<string, unknown>[], compiled.layout);
    });
    console.log(
      `${comparisonLine(name.padEnd(48), ours, 'hand-written ClickHouse', handWritten)} | flashlight on DuckDB ${onDuckDb.toFixed(0).padStart(6)} ms`,
    );
    if (SERVER_CPU) {
      const pid = clickhouse.nodes[0].serverPid;
      const [oursCpu, handWrittenCpu] = [await medianServerCpuMs(pid, runs, flashlight), await medianServerCpuMs(pid, runs, () => baseline(db))];
      console.log(comparisonLine(`${name} (server CPU)`.padEnd(48), oursCpu, 'hand-written ClickHouse', handWrittenCpu));
    }
  };
  console.log(`the issue's questions, 60 buckets, median of ${ISSUE_RUNS} runs:`);
  for (const [name, spec] of (Object.entries(issueQuestions) as [IssueQuestion, object][]).filter(([name]) => asked(name))) {
    await compare(name, { ...issueWindow, ...spec }, issueBaselines[name], ISSUE_RUNS);
  }
  console.log(`the older questions, 96 buckets, median of ${RUNS} runs:`);
  for (const [name, spec] of (Object.entries(queryQuestions) as [QueryQuestion, object][]).filter(([name]) => asked(name))) {
    await compare(name, { ...queryWindow, ...spec }, baselines[name], RUNS);
  }
  console.log(`load ${machineLoad()}`);
} finally {
  duckdb.closeSync();
  instance.closeSync();
  await clickhouse.stop();
  await rm(dir, { recursive: true, force: true });
}
