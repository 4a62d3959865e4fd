// BubbleUp benchmark: Flashlight's BubbleUp (its two compiled statements, then ranking;
// sides of many events sampled) against one hand-written DuckDB statement computing the
// same per-column value counts for selection and baseline exactly (top values per column,
// numeric columns in 20 buckets), and against BubbleUp reading every event, on one table
// of 50 columns, as ratios. `npx tsx bench/bubbleup.ts --spans 10000000` (default 1,000,000).
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { FieldInfo, QueryTarget } from '../packages/query/src/index.ts';
import type { Store } from '@flashlight/server';
import { runBubbleUp, type BubbleUpResult } from '@flashlight/server/testing';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';
import { machineLoad } from './machine-load.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 3);
const HOUR_US = 3600e6;
const START_US = Date.UTC(2026, 0, 1) * 1000;
const END_US = START_US + 24 * HOUR_US;

/** A pseudo-random integer in [0, modulo) per row and salt. */
const h = (salt: number, modulo: number) => `CAST(hash(i * 1000 + ${salt}) % ${modulo} AS BIGINT)`;

// 50 columns: 30 strings of 3 to 1,000 values, user.id (100,000 values), a unique trace
// id, 12 numbers (the first a latency that is slow in one region) and 6 booleans.
const CARDINALITIES = [3, 5, 10, 50, 1000];
type Column = { field: FieldInfo; sql: string };
const columns: Column[] = [
  ...Array.from({ length: 30 }, (_, k): Column => ({
    field: { name: k === 0 ? 'region' : `attr.s${k}`, type: 'string', column: `f${k}` },
    sql: `'v' || ${h(k + 10, CARDINALITIES[k % CARDINALITIES.length])}`,
  })),
  { field: { name: 'user.id', type: 'string', column: 'f30' }, sql: `'user-' || ${h(40, 100_000)}` },
  { field: { name: 'trace.trace_id', type: 'string', column: 'f31' }, sql: `'trace-' || i` },
  {
    field: { name: 'duration_ms', type: 'float', column: 'f32' },
    sql: `(${h(41, 1000)} + CASE WHEN ${h(10, 3)} = 0 AND ${h(42, 10)} = 0 THEN 3000 ELSE 0 END) / 10.0`,
  },
  ...Array.from({ length: 11 }, (_, k): Column => ({
    field: { name: `attr.n${k}`, type: k % 2 ? 'integer' : 'float', column: `f${33 + k}` },
    sql: k % 2 ? `${h(50 + k, 5000)}` : `${h(50 + k, 100000)} / 100.0`,
  })),
  ...Array.from({ length: 6 }, (_, k): Column => ({ field: { name: `attr.b${k}`, type: 'boolean', column: `f${44 + k}` }, sql: `${h(70 + k, 4)} = 0` })),
];
const target: QueryTarget = {
  tables: [{ dataset: 'spans', table: 'ds_0', columns: new Set(columns.map((c) => c.field.column)) }],
  fields: new Map(columns.map((c) => [c.field.name, c.field])),
};

async function createSpans(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    CREATE TABLE ds_0 AS
    SELECT make_timestamp(CAST(${START_US} + (i * ${(24 * HOUR_US) / SPANS}) AS BIGINT)) AS ts,
           CAST([1, 1, 1, 5, 10][1 + ${h(1, 5)}] AS DOUBLE) AS sample_rate,
           ${columns.map((c) => `${c.sql} AS ${c.field.column}`).join(',\n           ')}
    FROM range(${SPANS}) r(i)`);
}

/** The store as BubbleUp sees it: the one table, and SQL run on this connection. */
function benchStore(connection: DuckDBConnection): Store {
  const unused = () => Promise.reject(new Error('not part of the BubbleUp benchmark'));
  return {
    engine: 'duckdb',
    append: unused,
    datasets: unused,
    columns: unused,
    findTrace: unused,
    findTraces: unused,
    close: async () => undefined,
    target: async () => target,
    async query(sql, params) {
      const reader = await connection.runAndReadAll(sql, params as never);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
  };
}

const SLOW_MS = 300;
const query = { start_time: START_US / 1e6, end_time: END_US / 1e6 };
const selection = { filters: [{ column: 'duration_ms', op: '>=', value: SLOW_MS }] };

const range = `ts >= make_timestamp(${START_US}) AND ts < make_timestamp(${END_US})`;
const numeric = columns.filter((c) => c.field.type === 'integer' || c.field.type === 'float').map((c) => c.field.column);

/** A column's value as counted: numeric columns in 20 equal buckets of their range. */
async function valuesOf(connection: DuckDBConnection): Promise<(c: Column) => string> {
  const bounds = (
    await connection.runAndReadAll(`SELECT ${numeric.map((c) => `min(${c}) AS lo_${c}, max(${c}) AS hi_${c}`).join(', ')} FROM ds_0 WHERE ${range}`)
  ).getRowObjectsJS()[0];
  return (c: Column) => {
    const col = c.field.column;
    if (!numeric.includes(col)) return col;
    const [lo, hi] = [Number(bounds[`lo_${col}`]), Number(bounds[`hi_${col}`])];
    return `least(CAST(floor((${col} - ${lo}) * 20 / ${hi - lo}) AS BIGINT), 19)`;
  };
}

// The same counts as a DuckDB user would write them in one statement (after the bounds of
// the numeric columns): one GROUP BY per column joined by UNION ALL, each keeping its top
// 20 values with their selected and total weights. (GROUPING SETS took twice as long.)
async function unionAll(connection: DuckDBConnection): Promise<unknown> {
  const value = await valuesOf(connection);
  const branches = columns.map(
    (
      c,
      k,
    ) => `SELECT * FROM (SELECT ${k} AS col, CAST(${value(c)} AS VARCHAR) AS v, sum(sample_rate * (f32 >= ${SLOW_MS})::INT) AS selected, sum(sample_rate) AS total
               FROM ds_0 WHERE ${range} GROUP BY v ORDER BY total DESC LIMIT 20)`,
  );
  return connection.runAndReadAll(branches.join(' UNION ALL '));
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET memory_limit='6GB'`);
const created = performance.now();
await createSpans(connection);
console.log(
  `BubbleUp benchmark: ${SPANS.toLocaleString('en-US')} spans of ${columns.length} columns over 24 h (made in ${((performance.now() - created) / 1000).toFixed(1)}s), BubbleUp's median of ${RUNS} warm run(s), load ${machineLoad()}`,
);

const store = benchStore(connection);
const bubbleUp = (sampleEvents?: number) => runBubbleUp(store, 'default', 'spans', query, selection, { sampleEvents });
const describe = (answer: BubbleUpResult) =>
  `top columns ${answer.columns
    .slice(0, 3)
    .map((c) => `${c.field} (${c.score.toFixed(3)})`)
    .join(', ')}; ` +
  `read ${(['selected', 'baseline'] as const).map((side) => `${side} ${answer.sample[side] ? `${answer.sample[side].events.toLocaleString('en-US')} of ${answer.sample[side].of.toLocaleString('en-US')}` : 'all'}`).join(', ')}`;
console.log(`sampled: ${describe(await bubbleUp())}`);
const ours = await medianMs(RUNS, () => bubbleUp());
// The exact ways take a minute or more at ten million spans: one run each.
const everyEvent = await medianMs(1, async () => console.log(`every event: ${describe(await bubbleUp(Infinity))}`));
console.log(comparisonLine('BubbleUp vs BubbleUp reading every event    ', ours, 'every event ', everyEvent));
const handWritten = await medianMs(1, () => unionAll(connection));
console.log(comparisonLine('BubbleUp vs one hand-written exact statement', ours, 'hand-written', handWritten));
console.log(`load ${machineLoad()}`);
connection.closeSync();
instance.closeSync();
