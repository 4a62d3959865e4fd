// Confidence benchmark: what `"confidence": 0.95` adds to a sampled query (the issue's
// budget: at most 20%), on DuckDB and on ClickHouse, over the same spans (sample rates 1,
// 5 and 10), as the ratio of the query with intervals to the same query without.
// `npx tsx bench/confidence.ts --spans 10000000`; `--runs` warm runs per median.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { clickHouseDialect, compileQuery, duckDbDialect, shapeQueryResult } from '../packages/query/src/index.ts';
import { ClickHouseHttp, resultRows, startClickHouse } from '@flashlight/server/testing';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';
import { copySpansToClickHouse } from './data/clickhouse-spans.ts';
import { createDuckDbSpans, queryTarget, queryWindow } from './data/query-spans.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 5);

const questions: Record<string, object> = {
  'COUNT, SUM, AVG(duration_ms) by route': {
    calculations: [{ op: 'COUNT' }, { op: 'SUM', column: 'duration_ms' }, { op: 'AVG', column: 'duration_ms' }],
    breakdowns: ['http.route'],
  },
  'COUNT, AVG(duration_ms), all spans': { calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'duration_ms' }] },
  'P50, P99(duration_ms) + COUNT by service': {
    calculations: [{ op: 'P50', column: 'duration_ms' }, { op: 'P99', column: 'duration_ms' }, { op: 'COUNT' }],
    breakdowns: ['service.name'],
  },
};

const clickhouse = await startClickHouse();
const instance = await DuckDBInstance.create(':memory:');
const duckdb = await instance.connect();
const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-confidence-'));
try {
  await duckdb.run("SET memory_limit='6GB'");
  await new ClickHouseHttp(clickhouse.nodes[0].url).command('CREATE DATABASE bench');
  const db = new ClickHouseHttp(clickhouse.nodes[0].url, { database: 'bench' });
  await createDuckDbSpans(duckdb, SPANS);
  await copySpansToClickHouse(duckdb, db, clickhouse.nodes[0], path.join(dir, 'spans.tsv'));
  console.log(`confidence benchmark: ${SPANS.toLocaleString('en-US')} sampled spans over 24 h in each engine, median of ${RUNS} warm runs`);

  const engines = {
    DuckDB: async (spec: object) => {
      const compiled = compileQuery(spec, queryTarget, duckDbDialect, { dataset: 'spans' });
      const reader = await duckdb.runAndReadAll(compiled.sql, compiled.params as never);
      return shapeQueryResult(reader.getRowObjectsJS() as Record<string, unknown>[], compiled.layout);
    },
    ClickHouse: async (spec: object) => {
      const compiled = compileQuery(spec, queryTarget, clickHouseDialect, { dataset: 'spans' });
      return shapeQueryResult(resultRows(await db.select(compiled.sql)), compiled.layout);
    },
  };
  for (const [engine, run] of Object.entries(engines)) {
    console.log(`\n${engine}:`);
    for (const [name, question] of Object.entries(questions)) {
      const spec = { ...queryWindow, ...question };
      await run(spec);
      await run({ ...spec, confidence: 0.95 });
      const without = await medianMs(RUNS, () => run(spec));
      const withIntervals = await medianMs(RUNS, () => run({ ...spec, confidence: 0.95 }));
      console.log(comparisonLine(`${name} with intervals`.padEnd(56), withIntervals, 'without', without));
    }
  }
} finally {
  duckdb.closeSync();
  instance.closeSync();
  await clickhouse.stop();
  await rm(dir, { recursive: true, force: true });
}
