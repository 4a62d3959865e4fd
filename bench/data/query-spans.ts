// The query benchmarks' data and questions, shared by every engine: spans over 24 hours
// in the store's physical layout, the fields they carry, and the QuerySpecs asked of them.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FieldInfo, QueryTarget } from '../../packages/query/src/index.ts';

export const HOUR_US = 3600e6;
export const START_US = Date.UTC(2026, 0, 1) * 1000;
export const END_US = START_US + 24 * HOUR_US;
/** The time range and granularity every question is asked over. */
export const queryWindow = { start_time: START_US / 1e6, end_time: END_US / 1e6, granularity: 900 };
/** The issue's questions: the full range in 60 time buckets. */
export const issueWindow = { ...queryWindow, granularity: (24 * 3600) / 60 };

/** The shape of the generated traffic: endpoint e belongs to service e mod SERVICES. */
export const SPAN_SHAPE = { services: 50, endpoints: 500, users: 1_000_000 } as const;
/** The service the issue's first question filters by (one of 50, about 2% of the spans). */
export const FILTERED_SERVICE = 'service-07';

const fields: FieldInfo[] = [
  { name: 'service.name', type: 'string', column: 'f0' },
  { name: 'http.route', type: 'string', column: 'f1' },
  { name: 'duration_ms', type: 'float', column: 'f2' },
  { name: 'http.status_code', type: 'integer', column: 'f3' },
  { name: 'user.id', type: 'string', column: 'f4' },
  { name: 'error', type: 'boolean', column: 'f5' },
  { name: 'name', type: 'string', column: 'f6' },
  { name: 'span.kind', type: 'string', column: 'f7' },
  { name: 'http.method', type: 'string', column: 'f8' },
  { name: 'app.team', type: 'string', column: 'f9' },
  { name: 'cloud.region', type: 'string', column: 'f10' },
  { name: 'db.rows', type: 'integer', column: 'f11' },
];
export const queryTarget: QueryTarget = {
  tables: [{ dataset: 'spans', table: 'ds_0', columns: new Set(fields.map((f) => f.column)) }],
  fields: new Map(fields.map((f) => [f.name, f])),
};

/** A pseudo-random integer in [0, modulo) per row and salt, in DuckDB. */
const h = (salt: number, modulo: number) => `CAST(hash(i, ${salt}) % ${modulo} AS BIGINT)`;

/**
 * Table ds_0 in the DuckDB store's layout, filled by DuckDB itself: `spans` spans over 24
 * hours, as one events dataset holds them (every service in one table), with about ten
 * attributes and sample rates of 1, 5 and 10.
 */
export async function createDuckDbSpans(connection: DuckDBConnection, spans: number): Promise<void> {
  const { services, endpoints, users } = SPAN_SHAPE;
  await connection.run(`
    CREATE TABLE ds_0 AS
    SELECT ts, sample_rate,
           'service-' || lpad(CAST(endpoint % ${services} AS VARCHAR), 2, '0') AS f0,
           route AS f1, f2, f3, f4, f5,
           method || ' ' || route AS f6, f7, method AS f8,
           'team-' || (endpoint % ${services} % 8) AS f9, f10, f11
    FROM (
      SELECT make_timestamp(CAST(${START_US} + (i * ${(24 * HOUR_US) / spans}) AS BIGINT)) AS ts,
             CAST([1, 1, 1, 5, 10][1 + ${h(1, 5)}] AS DOUBLE) AS sample_rate,
             ${h(3, endpoints)} AS endpoint,
             CASE WHEN ${h(3, endpoints)} % 5 < 3 THEN '/api/v1/resource-' ELSE '/page-' END || ${h(3, endpoints)} AS route,
             exp(3.7 + 0.8 * sqrt(-2 * ln((${h(4, 1000000)} + 1) / 1000001.0)) * cos(6.283185 * (${h(5, 1000000)}) / 1000000.0)) AS f2,
             CAST(CASE WHEN ${h(6, 100)} < 5 THEN 500 WHEN ${h(6, 100)} < 10 THEN 404 ELSE 200 END AS BIGINT) AS f3,
             'user-' || (${h(7, users)}) AS f4,
             ${h(6, 100)} < 5 AS f5,
             ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'][1 + ${h(8, 6)}] AS method,
             ['server', 'server', 'server', 'client', 'internal'][1 + ${h(9, 5)}] AS f7,
             ['eu-west-1', 'us-east-1', 'ap-south-1'][1 + ${h(10, 3)}] AS f10,
             CASE WHEN ${h(11, 5)} < 2 THEN ${h(12, 200)} END AS f11
      FROM range(${spans}) r(i))`);
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
  'per user.id: COUNT, AVG(calls), P95(p50)': {
    per: {
      breakdowns: ['user.id'],
      calculations: [
        { op: 'COUNT', name: 'calls' },
        { op: 'P50', column: 'duration_ms', name: 'p50' },
      ],
    },
    calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'calls' }, { op: 'P95', column: 'p50' }],
  },
} as const satisfies Record<string, object>;

export type QueryQuestion = keyof typeof queryQuestions;

/** The issue's three questions, asked over `issueWindow`. */
export const issueQuestions = {
  'P50, P95, P99 + COUNT by endpoint, one service': {
    calculations: [
      { op: 'P50', column: 'duration_ms' },
      { op: 'P95', column: 'duration_ms' },
      { op: 'P99', column: 'duration_ms' },
      { op: 'COUNT' },
    ],
    breakdowns: ['http.route'],
    filters: [{ column: 'service.name', op: '=', value: FILTERED_SERVICE }],
  },
  'COUNT_DISTINCT(user.id) by service': { calculations: [{ op: 'COUNT_DISTINCT', column: 'user.id' }], breakdowns: ['service.name'] },
  'HEATMAP(duration_ms), all spans': { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }] },
} as const satisfies Record<string, object>;

export type IssueQuestion = keyof typeof issueQuestions;
