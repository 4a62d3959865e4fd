// Relational fields benchmark: Flashlight's compiled statements for root., parent. and
// any. filters (totals and time series) against hand-written DuckDB joins for the same
// questions on the same tables, as ratios. Spans in the OTLP per-service layout: one table
// per service, traces of ten spans spread over them, roots in `web`.
// `npx tsx bench/relational.ts --spans 10000000` (default 1,000,000).
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { compileQuery, duckDbDialect, type DatasetTable, type FieldInfo, type QueryTarget } from '../packages/query/src/index.ts';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 5);
const SERVICES = ['web', 'orders', 'payments', 'search'];
const START_US = Date.UTC(2026, 0, 1) * 1000;
const END_US = START_US + 3600e6;
const COLUMNS: [string, string, FieldInfo['type']][] = [
  ['trace.trace_id', 'tid', 'string'],
  ['trace.span_id', 'sid', 'string'],
  ['trace.parent_id', 'pid', 'string'],
  ['name', 'nm', 'string'],
  ['service.name', 'svc', 'string'],
  ['duration_ms', 'dur', 'float'],
  ['vendor.outcome', 'outcome', 'string'],
];

async function createSpans(connection: DuckDBConnection): Promise<void> {
  // Span i is position i % 10 of trace i / 10; its parent is position (p - 1) / 2, a small binary tree.
  await connection.run(`CREATE TABLE spans AS
    SELECT make_timestamp(${START_US} + (i // 10) * (3600000000 // ${Math.ceil(SPANS / 10)}) + (i % 10) * 1000) AS ts, 1.0 AS sample_rate,
      't' || (i // 10) AS tid, 's' || i AS sid,
      CASE WHEN i % 10 = 0 THEN NULL ELSE 's' || ((i // 10) * 10 + (i % 10 - 1) // 2) END AS pid,
      CASE WHEN i % 10 = 0 THEN (['GET /checkout', 'GET /search', 'GET /'])[CAST(1 + (i // 10) % 3 AS BIGINT)] ELSE (['db query', 'charge card', 'ecommerce price', 'cache get'])[CAST(1 + hash(i) % 4 AS BIGINT)] END AS nm,
      CASE WHEN i % 10 = 0 THEN 'web' ELSE (['web', 'orders', 'payments', 'search'])[CAST(1 + hash(i + 1) % 4 AS BIGINT)] END AS svc,
      (hash(i + 2) % 500) / 3.0 AS dur,
      CASE WHEN hash(i + 3) % 20 = 0 THEN 'fallback' WHEN hash(i + 3) % 3 = 0 THEN 'ok' END AS outcome
    FROM range(${SPANS}) AS r(i)`);
  for (const service of SERVICES) await connection.run(`CREATE TABLE ds_${service} AS SELECT * FROM spans WHERE svc = '${service}' ORDER BY ts`);
  await connection.run('DROP TABLE spans');
}

function target(dataset: string): QueryTarget {
  const columns = new Set(COLUMNS.map(([, column]) => column));
  const table = (service: string): DatasetTable => ({ dataset: service, table: `ds_${service}`, columns });
  const fields = new Map(COLUMNS.map(([name, column, type]) => [name, { name, column, type }]));
  return { tables: [table(dataset)], fields, traces: { tables: SERVICES.map(table), fields } };
}

const range = `ts >= make_timestamp(${START_US}) AND ts < make_timestamp(${END_US})`;
const all = (columns: string, where: string) => SERVICES.map((s) => `SELECT ${columns} FROM ds_${s} WHERE ${range} AND ${where}`).join(' UNION ALL ');
const bucket = `time_bucket(INTERVAL 60 SECOND, ts, make_timestamp(${START_US}))`;
/** Totals by name, and the series by minute, of `rows` (already joined and filtered). */
const totalsAndSeries = (rows: string) => [
  `SELECT nm, sum(sample_rate) AS c FROM (${rows}) GROUP BY nm ORDER BY c DESC, nm LIMIT 100`,
  `SELECT ${bucket} AS b, nm, sum(sample_rate) FROM (${rows}) GROUP BY b, nm`,
];

const questions: { label: string; dataset: string; filter: { column: string; op: string; value: string }; baseline: string[] }[] = [
  {
    label: 'root.name = GET /checkout, COUNT by name (orders)',
    dataset: 'orders',
    filter: { column: 'root.name', op: '=', value: 'GET /checkout' },
    baseline: totalsAndSeries(
      `SELECT o.ts, o.sample_rate, o.nm FROM ds_orders o JOIN (${all('tid', "pid IS NULL AND nm = 'GET /checkout'")}) r ON o.tid = r.tid WHERE ${range.replaceAll('ts', 'o.ts')}`,
    ),
  },
  {
    label: 'parent.service.name = web, COUNT by name (payments)',
    dataset: 'payments',
    filter: { column: 'parent.service.name', op: '=', value: 'web' },
    baseline: totalsAndSeries(
      `SELECT c.ts, c.sample_rate, c.nm FROM ds_payments c JOIN (${all('tid, sid', "svc = 'web'")}) p ON c.tid = p.tid AND c.pid = p.sid WHERE ${range.replaceAll('ts', 'c.ts')}`,
    ),
  },
  {
    label: 'any.vendor.outcome = fallback, COUNT by name (orders)',
    dataset: 'orders',
    filter: { column: 'any.vendor.outcome', op: '=', value: 'fallback' },
    baseline: totalsAndSeries(
      `SELECT o.ts, o.sample_rate, o.nm FROM ds_orders o JOIN (SELECT DISTINCT tid FROM (${all('tid', "outcome = 'fallback'")})) a ON o.tid = a.tid WHERE ${range.replaceAll('ts', 'o.ts')}`,
    ),
  },
];

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await createSpans(connection);
console.log(`relational fields, ${SPANS.toLocaleString('en')} spans over ${SERVICES.length} tables, median of ${RUNS} warm runs`);
for (const question of questions) {
  const spec = {
    calculations: [{ op: 'COUNT' }],
    breakdowns: ['name'],
    filters: [question.filter],
    start_time: START_US / 1e6,
    end_time: END_US / 1e6,
    granularity: 60,
  };
  const compiled = compileQuery(spec, target(question.dataset), duckDbDialect, { dataset: question.dataset });
  const ours = () => connection.runAndReadAll(compiled.sql, compiled.params as never);
  const baseline = () => Promise.all(question.baseline.map((sql) => connection.runAndReadAll(sql)));
  // Both answer the same totals: a check that the baseline asks the same question.
  const [mine, theirs] = [(await ours()).getRowObjectsJS().filter((r) => Number(r.part) === 0).length, (await baseline())[0].getRowObjectsJS().length];
  if (mine !== theirs) throw new Error(`${question.label}: ${mine} groups, the hand-written join ${theirs}`);
  console.log(comparisonLine(question.label.padEnd(55), await medianMs(RUNS, ours), 'hand-written join', await medianMs(RUNS, baseline)));
}
connection.closeSync();
instance.closeSync();
