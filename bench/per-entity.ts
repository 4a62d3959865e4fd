// Per-entity benchmark on DuckDB: a `per session.id` question compiled by Flashlight
// (totals and time series, sample-rate weighted, then shaped) against the same question
// written by hand as two-level SQL on the same table, as a ratio. Sessions are runs of 50
// consecutive events; `npx tsx bench/per-entity.ts --events 10000000` (200,000 sessions).
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileQuery, duckDbDialect, shapeQueryResult, type FieldInfo, type QueryTarget } from '../packages/query/src/index.ts';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';

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

// "Per build: how many sessions made more than 3 calls, their average calls, and the P95 across them of each one's median."
const spec = {
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
  start_time: START_US / 1e6,
  end_time: END_US / 1e6,
  granularity: GRANULARITY,
};

// The same question as a DuckDB user writes it: each session's weighted count and median
// (running weights), then per build and per hour of the session's first event.
const handWritten = `
  WITH events AS (SELECT f0, f1, f2, ts, coalesce(sample_rate, 1) AS w FROM ds_0 WHERE ts >= make_timestamp(${START_US}) AND ts < make_timestamp(${END_US})),
  running AS (SELECT f0, f1, f2, sum(w) OVER (PARTITION BY f0, f1 ORDER BY f2 ROWS UNBOUNDED PRECEDING) AS run, sum(w) OVER (PARTITION BY f0, f1) AS total
              FROM events WHERE isfinite(f2)),
  medians AS (SELECT f0, f1, min(CASE WHEN run >= 0.5 * total THEN f2 END) AS p50 FROM running GROUP BY f0, f1),
  sessions AS (SELECT f0, f1, min(ts) AS first, sum(w) AS calls FROM events GROUP BY f0, f1),
  kept AS (SELECT s.f1, s.first, s.calls, m.p50 FROM sessions s LEFT JOIN medians m ON s.f0 = m.f0 AND s.f1 IS NOT DISTINCT FROM m.f1 WHERE s.calls > 3)
  SELECT time_bucket(INTERVAL ${GRANULARITY} SECOND, first, make_timestamp(${START_US})) AS b, f1, count(*), avg(calls), quantile_disc(p50, 0.95)
  FROM kept GROUP BY GROUPING SETS ((f1), (b, f1))`;

const file = path.join(os.tmpdir(), `flashlight-bench-per-${process.pid}.duckdb`);
const instance = await DuckDBInstance.create(file);
const connection = await instance.connect();
try {
  await connection.run(`
    CREATE TABLE ds_0 AS
    SELECT make_timestamp(CAST(${START_US} + i * ${(24 * 3600e6) / EVENTS} AS BIGINT)) AS ts,
           CAST(CASE WHEN (i // ${EVENTS_PER_SESSION}) % 10 < 3 THEN 4 ELSE 1 END AS DOUBLE) AS sample_rate,
           'session-' || (i // ${EVENTS_PER_SESSION}) AS f0,
           ['5.2.0', '5.3.0-beta.1'][1 + (i // ${EVENTS_PER_SESSION}) % 2] AS f1,
           exp(3.7 + (hash(i) % 1000000) / 1000000.0) AS f2
    FROM range(${EVENTS}) r(i)`);
  const flashlight = async () => {
    const compiled = compileQuery(spec, target, duckDbDialect, { dataset: 'web' });
    const reader = await connection.runAndReadAll(compiled.sql, compiled.params as never);
    return shapeQueryResult(reader.getRowObjectsJS() as Record<string, unknown>[], compiled.layout);
  };
  const baseline = () => connection.runAndReadAll(handWritten);
  await flashlight();
  await baseline();
  const [ours, theirs] = [await medianMs(RUNS, flashlight), await medianMs(RUNS, baseline)];
  console.log(`per-entity, ${EVENTS} events in ${EVENTS / EVENTS_PER_SESSION} sessions, DuckDB`);
  console.log(comparisonLine('per session.id: COUNT, AVG(calls), P95(p50) by build'.padEnd(56), ours, 'hand-written two-level', theirs));
} finally {
  connection.closeSync();
  instance.closeSync();
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
}
