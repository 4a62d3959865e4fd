// The query benchmarks' data and questions, shared by every engine: spans over 24 hours
// in the store's physical layout, the fields they carry, and the QuerySpecs asked of them.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FieldInfo, QueryTarget } from '../../packages/query/src/index.ts';

export const HOUR_US = 3600e6;
export const START_US = Date.UTC(2026, 0, 1) * 1000;
export const END_US = START_US + 24 * HOUR_US;
/** The time range and granularity every question is asked over. */
export const queryWindow = { start_time: START_US / 1e6, end_time: END_US / 1e6, granularity: 900 };

const fields: FieldInfo[] = [
  { name: 'service.name', type: 'string', column: 'f0' },
  { name: 'http.route', type: 'string', column: 'f1' },
  { name: 'duration_ms', type: 'float', column: 'f2' },
  { name: 'http.status_code', type: 'integer', column: 'f3' },
  { name: 'user.id', type: 'string', column: 'f4' },
  { name: 'error', type: 'boolean', column: 'f5' },
];
export const queryTarget: QueryTarget = {
  tables: [{ dataset: 'spans', table: 'ds_0', columns: new Set(fields.map((f) => f.column)) }],
  fields: new Map(fields.map((f) => [f.name, f])),
};

/** A pseudo-random integer in [0, modulo) per row and salt, in DuckDB. */
const h = (salt: number, modulo: number) => `CAST(hash(i, ${salt}) % ${modulo} AS BIGINT)`;

/** Table ds_0 in the DuckDB store's layout, filled by DuckDB itself: `spans` spans over 24 hours. */
export async function createDuckDbSpans(connection: DuckDBConnection, spans: number): Promise<void> {
  await connection.run(`
    CREATE TABLE ds_0 AS
    SELECT make_timestamp(CAST(${START_US} + (i * ${(24 * HOUR_US) / spans}) AS BIGINT)) AS ts,
           CAST([1, 1, 1, 5, 10][1 + ${h(1, 5)}] AS DOUBLE) AS sample_rate,
           ['frontend', 'checkout', 'search', 'payments', 'email'][1 + ${h(2, 5)}] AS f0,
           ['/', '/cart', '/checkout', '/search', '/api/items/:id', '/login', '/api/orders'][1 + ${h(3, 7)}] AS f1,
           exp(3.7 + 0.8 * sqrt(-2 * ln((${h(4, 1000000)} + 1) / 1000001.0)) * cos(6.283185 * (${h(5, 1000000)}) / 1000000.0)) AS f2,
           CAST(CASE WHEN ${h(6, 100)} < 5 THEN 500 WHEN ${h(6, 100)} < 10 THEN 404 ELSE 200 END AS BIGINT) AS f3,
           'user-' || (${h(7, 100000)}) AS f4,
           ${h(6, 100)} < 5 AS f5
    FROM range(${spans}) r(i)`);
}

/** The questions, by name; each benchmark answers them also in its engine's hand-written SQL. */
export const queryQuestions = {
  'COUNT by route': { calculations: [{ op: 'COUNT' }], breakdowns: ['http.route'] },
  'P99(duration_ms) by service, errors only': {
    calculations: [{ op: 'P99', column: 'duration_ms' }],
    breakdowns: ['service.name'],
    filters: [{ column: 'error', op: '=', value: true }],
  },
  'P50 and P99(duration_ms), all spans': { calculations: [{ op: 'P50', column: 'duration_ms' }, { op: 'P99', column: 'duration_ms' }] },
  'P99(duration_ms) by user.id, top 100': { calculations: [{ op: 'P99', column: 'duration_ms' }], breakdowns: ['user.id'] },
  'COUNT_DISTINCT(user.id) by route': { calculations: [{ op: 'COUNT_DISTINCT', column: 'user.id' }], breakdowns: ['http.route'] },
  'AVG(duration_ms) by user.id, top 100': {
    calculations: [{ op: 'AVG', column: 'duration_ms' }],
    breakdowns: ['user.id'],
    filters: [{ column: 'http.route', op: 'starts-with', value: '/api' }],
  },
  'HEATMAP(duration_ms)': { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }] },
} as const satisfies Record<string, object>;

export type QueryQuestion = keyof typeof queryQuestions;
