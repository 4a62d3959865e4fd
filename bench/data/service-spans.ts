// Spans as OTLP traffic lands them: one table per service (20), each a few columns of its
// own beside the shared ones, queried one service at a time or all together (`__all__`,
// a UNION ALL of the tables). The same 24 hours and fields as query-spans.ts.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DatasetTable, FieldInfo, QueryTarget } from '../../packages/query/src/index.ts';
import { HOUR_US, START_US } from './query-spans.ts';

export const SERVICES = 20;
/** Span names per service: 80 in all, under the limit of 100, so no hand-written series needs a top-N join. */
export const NAMES_PER_SERVICE = 4;
export const serviceTable = (s: number) => `svc_${s}`;
/** The service the one-service questions ask about. */
export const ONE_SERVICE = 3;

const fields: FieldInfo[] = [
  { name: 'service.name', type: 'string', column: 'f0' },
  { name: 'duration_ms', type: 'float', column: 'f2' },
  { name: 'error', type: 'boolean', column: 'f5' },
  { name: 'name', type: 'string', column: 'f6' },
  { name: 'http.route', type: 'string', column: 'f1' },
  { name: 'db.rows', type: 'integer', column: 'f11' },
];
/** Services with an even number serve HTTP routes; the others query a database. */
const ownColumn = (s: number) => (s % 2 === 0 ? 'f1' : 'f11');

/** The target of the given services' tables, each with its row count as the store's catalog gives it. */
export function serviceTarget(services: number[], rowsPerService: number): QueryTarget {
  const tables: DatasetTable[] = services.map((s) => ({
    dataset: `service-${s}`,
    table: serviceTable(s),
    columns: new Set(['f0', 'f2', 'f5', 'f6', ownColumn(s)]),
    rows: rowsPerService,
  }));
  return { tables, fields: new Map(fields.map((f) => [f.name, f])) };
}

/** `spans` spans over 24 hours spread evenly over the services' tables, sample rates 1, 5 and 10 mixed. */
export async function createServiceSpans(connection: DuckDBConnection, spans: number): Promise<void> {
  const per = Math.floor(spans / SERVICES);
  const h = (salt: number, modulo: number) => `CAST(hash(i, ${salt}) % ${modulo} AS BIGINT)`;
  for (let s = 0; s < SERVICES; s++) {
    const own = ownColumn(s) === 'f1' ? `'/api/v1/resource-' || ${h(3, 12)} AS f1` : `CAST(${h(3, 200)} AS BIGINT) AS f11`;
    await connection.run(`DROP TABLE IF EXISTS ${serviceTable(s)}`);
    await connection.run(`
      CREATE TABLE ${serviceTable(s)} AS
      SELECT make_timestamp(CAST(${START_US} + (i * ${(24 * HOUR_US) / per}) AS BIGINT)) AS ts,
             CAST([1, 1, 1, 5, 10][1 + ${h(1, 5)}] AS DOUBLE) AS sample_rate,
             'service-${s}' AS f0,
             exp(3.7 + 0.8 * sqrt(-2 * ln((${h(4, 1000000)} + 1) / 1000001.0)) * cos(6.283185 * (${h(5, 1000000)}) / 1000000.0)) AS f2,
             ${h(6, 100)} < 5 AS f5,
             'op-${s}-' || ${h(7, NAMES_PER_SERVICE)} AS f6,
             ${own}
      FROM range(${per}) r(i)`);
  }
}
