// Derived-column benchmark: P99 over a derived column,
// `IF(GTE($http.status_code, 500), $duration_ms, null)`, against the same P99 over a real
// column holding those values, on the same DuckDB table, as a ratio (the budget:
// at most 1.3). `npx tsx bench/derived-column.ts --spans 10000000` (default 1,000,000).
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileQuery, duckDbDialect, type QueryTarget } from '../packages/query/src/index.ts';
import { comparisonLine } from './timing.ts';
import { numberFlag } from './number-flag.ts';
import { createDuckDbSpans, queryTarget, queryWindow } from './data/query-spans.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 5);
const EXPRESSION = 'IF(GTE($http.status_code, 500), $duration_ms, null)';

// The same values precomputed in a column of their own (f12), as if they had been sent.
const target: QueryTarget = {
  tables: queryTarget.tables.map((t) => ({ ...t, columns: new Set([...t.columns, 'f12']) })),
  fields: new Map([...queryTarget.fields, ['error_ms', { name: 'error_ms', type: 'float', column: 'f12' }]]),
  derived: new Map([['derived_error_ms', EXPRESSION]]),
};
const spec = (column: string) => ({ ...queryWindow, calculations: [{ op: 'P99', column }, { op: 'COUNT' }], breakdowns: ['service.name'] });

const file = path.join(os.tmpdir(), `flashlight-derived-bench-${process.pid}.duckdb`);
const instance = await DuckDBInstance.create(file);
const connection = await instance.connect();
try {
  await createDuckDbSpans(connection, SPANS);
  await connection.run('ALTER TABLE ds_0 ADD COLUMN f12 DOUBLE');
  await connection.run('UPDATE ds_0 SET f12 = CASE WHEN f3 >= 500 THEN f2 END');
  await connection.run('CHECKPOINT');
  const run = (column: string) => async () => {
    const compiled = compileQuery(spec(column), target, duckDbDialect, { dataset: 'spans' });
    await connection.runAndReadAll(compiled.sql, compiled.params as never);
  };
  const [derived, real] = [run('derived_error_ms'), run('error_ms')];
  await derived();
  await real();
  const times: [number[], number[]] = [[], []];
  for (let r = 0; r < RUNS; r++) {
    for (const [i, work] of [derived, real].entries()) {
      const started = performance.now();
      await work();
      times[i].push(performance.now() - started);
    }
  }
  const median = (t: number[]) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
  console.log(`derived-column benchmark: ${SPANS.toLocaleString('en-US')} spans, DuckDB, median of ${RUNS} warm runs`);
  console.log(comparisonLine('P99 over a derived column by service:', median(times[0]), 'over a real column', median(times[1])));
} finally {
  connection.closeSync();
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
}
