// Per-entity benchmark on DuckDB and ClickHouse: `per session.id` questions compiled by
// Flashlight (totals and time series, sample-rate weighted, then shaped) against the same
// questions written by hand as two-level SQL on the same table, as ratios. Sessions are
// runs of 50 consecutive events, 3 in 10 sampled at rate 4; both engines hold the same
// events. `npx tsx bench/per-entity.ts --events 10000000` (200,000 sessions); `--runs`
// warm runs per median.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { clickHouseDialect, compileQuery, duckDbDialect, shapeQueryResult, type FieldInfo, type QueryTarget } from '../packages/query/src/index.ts';
import { ClickHouseHttp, resultRows, startClickHouse } from '@flashlight/server/testing';
import { copySpansToClickHouse } from './data/clickhouse-spans.ts';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';
import { machineLoad } from './machine-load.ts';

const EVENTS = numberFlag('events', 1_000_000);
const RUNS = numberFlag('runs', 5);
const EVENTS_PER_SESSION = 50;
const START_US = Date.UTC(2026, 0, 1) * 1000;
const END_US = START_US + 24 * 3600e6;
const GRANULARITY = 3600;

const fields: FieldInfo[] = [
  { name: 'session.id', type: 'string', column: 'f0' },
  { name: 'app.version', type: 'string', column: 'f1' },
  { name: 'duration_ms', type: 'float', column: 'f2' },
];
const target: QueryTarget = {
  tables: [{ dataset: 'web', table: 'ds_0', columns: new Set(['f0', 'f1', 'f2']) }],
  fields: new Map(fields.map((f) => [f.name, f])),
};
const window = { start_time: START_US / 1e6, end_time: END_US / 1e6, granularity: GRANULARITY };

interface Question {
  spec: object;
  /** The same question by hand: the per-session rows in `sessions`, then the answers over them. */
  duckdb: string;
  clickhouse: string[];
}

// DuckDB: each session's weighted count and median (running weights), then per build and
// per hour of the session's first event, in one statement (GROUPING SETS).
const duckDbSessions = `
  WITH events AS (SELECT f0, f1, f2, ts, coalesce(sample_rate, 1) AS w FROM ds_0 WHERE ts >= make_timestamp(${START_US}) AND ts < make_timestamp(${END_US})),
  running AS (SELECT f0, f1, f2, sum(w) OVER (PARTITION BY f0, f1 ORDER BY f2 ROWS UNBOUNDED PRECEDING) AS run, sum(w) OVER (PARTITION BY f0, f1) AS total
              FROM events WHERE isfinite(f2)),
  medians AS (SELECT f0, f1, min(CASE WHEN run >= 0.5 * total THEN f2 END) AS p50 FROM running GROUP BY f0, f1),
  sessions AS (SELECT s.f1, s.first, s.calls, m.p50 FROM (SELECT f0, f1, min(ts) AS first, sum(w) AS calls FROM events GROUP BY f0, f1) s
               LEFT JOIN medians m ON s.f0 = m.f0 AND s.f1 IS NOT DISTINCT FROM m.f1)`;
const duckDbHour = `time_bucket(INTERVAL ${GRANULARITY} SECOND, first, make_timestamp(${START_US}))`;

// ClickHouse: the totals and the series by each session's first event, two statements.
const clickHouseSessions = `(SELECT f0, f1, min(ts) AS first, sum(sample_rate) AS calls, quantileExactWeighted(0.5)(f2, toUInt64(sample_rate)) AS p50
  FROM ds_0 WHERE ts >= ${START_US} AND ts < ${END_US} GROUP BY f0, f1)`;
const clickHouseHour = `intDiv(first - ${START_US}, ${GRANULARITY * 1e6})`;

const questions: Record<string, Question> = {
  // "Per build: how many sessions made more than 3 calls, their average calls, and the P95 across them of each one's median."
  'sessions with > 3 calls: COUNT, AVG(calls), P95(p50) by build': {
    spec: {
      per: {
        breakdowns: ['session.id', 'app.version'],
        calculations: [
          { op: 'COUNT', name: 'calls' },
          { op: 'P50', column: 'duration_ms', name: 'p50' },
        ],
      },
      calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'calls' }, { op: 'P95', column: 'p50' }],
      filters: [{ column: 'calls', op: '>', value: 3 }],
      breakdowns: ['app.version'],
    },
    duckdb: `${duckDbSessions}
      SELECT ${duckDbHour} AS b, f1, count(*), avg(calls), quantile_disc(p50, 0.95) FROM sessions WHERE calls > 3 GROUP BY GROUPING SETS ((f1), (b, f1))`,
    clickhouse: [
      `SELECT f1, count() AS c, avg(calls), quantileExact(0.95)(p50) FROM ${clickHouseSessions} WHERE calls > 3 GROUP BY f1 ORDER BY c DESC LIMIT 100`,
      `SELECT ${clickHouseHour} AS b, f1, count(), avg(calls), quantileExact(0.95)(p50) FROM ${clickHouseSessions} WHERE calls > 3 GROUP BY b, f1`,
    ],
  },
  // "Across all sessions: how many, their average calls, and the P95 of each one's median."
  'all sessions: COUNT, AVG(calls), P95(p50)': {
    spec: {
      per: {
        breakdowns: ['session.id'],
        calculations: [
          { op: 'COUNT', name: 'calls' },
          { op: 'P50', column: 'duration_ms', name: 'p50' },
        ],
      },
      calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'calls' }, { op: 'P95', column: 'p50' }],
    },
    duckdb: `${duckDbSessions}
      SELECT ${duckDbHour} AS b, count(*), avg(calls), quantile_disc(p50, 0.95) FROM sessions GROUP BY GROUPING SETS ((), (b))`,
    clickhouse: [
      `SELECT count(), avg(calls), quantileExact(0.95)(p50) FROM ${clickHouseSessions}`,
      `SELECT ${clickHouseHour} AS b, count(), avg(calls), quantileExact(0.95)(p50) FROM ${clickHouseSessions} GROUP BY b`,
    ],
  },
};

const clickhouse = await startClickHouse();
const instance = await DuckDBInstance.create(':memory:');
const duckdb = await instance.connect();
const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-per-'));
try {
  await duckdb.run(`
    CREATE TABLE ds_0 AS
    SELECT make_timestamp(CAST(${START_US} + i * ${(24 * 3600e6) / EVENTS} AS BIGINT)) AS ts,
           CAST(CASE WHEN (i // ${EVENTS_PER_SESSION}) % 10 < 3 THEN 4 ELSE 1 END AS DOUBLE) AS sample_rate,
           'session-' || (i // ${EVENTS_PER_SESSION}) AS f0,
           ['5.2.0', '5.3.0-beta.1'][1 + (i // ${EVENTS_PER_SESSION}) % 2] AS f1,
           exp(3.7 + (hash(i) % 1000000) / 1000000.0) AS f2
    FROM range(${EVENTS}) r(i)`);
  await new ClickHouseHttp(clickhouse.nodes[0].url).command('CREATE DATABASE bench');
  const db = new ClickHouseHttp(clickhouse.nodes[0].url, { database: 'bench' });
  await copySpansToClickHouse(duckdb, db, clickhouse.nodes[0], path.join(dir, 'events.tsv'), fields);
  console.log(
    `per-entity, ${EVENTS.toLocaleString('en-US')} events in ${(EVENTS / EVENTS_PER_SESSION).toLocaleString('en-US')} sessions, median of ${RUNS} warm runs, load ${machineLoad()}`,
  );

  const engines = {
    DuckDB: {
      flashlight: async (spec: object) => {
        const compiled = compileQuery({ ...window, ...spec }, target, duckDbDialect, { dataset: 'web' });
        const reader = await duckdb.runAndReadAll(compiled.sql, compiled.params as never);
        return shapeQueryResult(reader.getRowObjectsJS() as Record<string, unknown>[], compiled.layout);
      },
      handWritten: (question: Question) => duckdb.runAndReadAll(question.duckdb),
    },
    ClickHouse: {
      flashlight: async (spec: object) => {
        const compiled = compileQuery({ ...window, ...spec }, target, clickHouseDialect, { dataset: 'web' });
        return shapeQueryResult(resultRows(await db.select(compiled.sql)), compiled.layout);
      },
      handWritten: async (question: Question) => {
        for (const statement of question.clickhouse) await db.select(statement);
      },
    },
  };
  for (const [engine, { flashlight, handWritten }] of Object.entries(engines)) {
    console.log(`\n${engine}:`);
    for (const [name, question] of Object.entries(questions)) {
      await flashlight(question.spec);
      await handWritten(question);
      const ours = await medianMs(RUNS, () => flashlight(question.spec));
      const theirs = await medianMs(RUNS, () => handWritten(question));
      console.log(comparisonLine(name.padEnd(60), ours, 'hand-written two-level', theirs));
    }
  }
  console.log(`\nload ${machineLoad()}`);
} finally {
  duckdb.closeSync();
  instance.closeSync();
  await clickhouse.stop();
  await rm(dir, { recursive: true, force: true });
}
