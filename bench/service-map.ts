// Service map benchmark over N spans in one table per service, all in one run: the map as
// served (edge totals of whole days, hours and minutes, spans for the partial minutes at
// the ends), the map's one live statement (every cross-service parent/child pair, peer
// calls, queue hops, per-edge latency buckets), and a hand-written DuckDB self-join that
// only counts cross-service edges with exact unweighted percentiles; then what building the
// rollup costs. `npx tsx bench/service-map.ts --spans 10000000`.
import os from 'node:os';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { FieldInfo } from '../packages/query/src/index.ts';
import {
  buildServiceMap,
  liveServiceMap,
  type MapStore,
  type RollupStore,
  type ServiceMap,
  rollMinutes,
  rollUp,
  GRAINS,
  type FlowScope,
  createCatalogTables,
  EDGE_TOTALS_TABLE,
} from '@flashlight/server/testing';
import { comparisonLine, medianMs } from './timing.ts';
import { numberFlag } from './number-flag.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 3);
/** Backend services, queue workers, vendors and topics: with the browser, about 100 nodes. */
const SERVICES = 50;
const WORKERS = 10;
const VENDORS = 25;
const TOPICS = 10;
const HOUR_US = 3600e6;
const START_US = Date.UTC(2026, 0, 1) * 1000;

const FIELD_NAMES = [
  ['trace.trace_id', 'string'],
  ['trace.span_id', 'string'],
  ['trace.parent_id', 'string'],
  ['service.name', 'string'],
  ['span.kind', 'string'],
  ['duration_ms', 'float'],
  ['status_code', 'integer'],
  ['peer.service', 'string'],
  ['telemetry.sdk.name', 'string'],
  ['messaging.destination.name', 'string'],
  ['vendor.name', 'string'],
  ['vendor.outcome', 'string'],
  ['user.id', 'string'],
] as const;
const fields: FieldInfo[] = FIELD_NAMES.map(([name, type], i) => ({ name, type, column: `f${i}` }));

const h = (salt: number, modulo: number) => `CAST(hash(t, ${salt}) % ${modulo} AS BIGINT)`;

/**
 * Traces of eight spans: browser root → browser fetch → service A → its client → service B
 * → a vendor call and a message → a worker consuming it as the producer's child.
 */
async function createSpans(connection: DuckDBConnection): Promise<string[]> {
  const serviceA = `'svc-' || ${h(1, SERVICES)}`;
  const serviceB = `'svc-' || ((${h(1, SERVICES)} * 7 + 1 + ${h(2, 3)}) % ${SERVICES})`;
  // Each service calls two of the vendors.
  const vendor = `'vendor-' || (((${h(1, SERVICES)} * 7 + 1 + ${h(2, 3)}) % ${SERVICES} + ${h(4, 2)} * 11) % ${VENDORS})`;
  await connection.run(`
    CREATE TABLE spans AS
    SELECT make_timestamp(CAST(${START_US} + i * ${(24 * HOUR_US) / SPANS} AS BIGINT)) AS ts, 1.0 AS sample_rate,
      printf('%032x', t) AS f0, printf('%016x', i) AS f1,
      CASE WHEN j = 0 THEN NULL WHEN j IN (5, 6) THEN printf('%016x', i - j + 4) ELSE printf('%016x', i - 1) END AS f2,
      CASE WHEN j < 2 THEN 'storefront' WHEN j < 4 THEN ${serviceA} WHEN j < 7 THEN ${serviceB} ELSE 'worker-' || ${h(3, WORKERS)} END AS f3,
      ['internal', 'client', 'server', 'client', 'server', 'client', 'producer', 'consumer'][j + 1] AS f4,
      exp(2 + (hash(i, 5) % 1000) / 250.0) AS f5,
      CASE WHEN hash(i, 6) % 100 < 2 THEN 2 ELSE 0 END AS f6,
      CASE WHEN j = 5 THEN ${vendor} END AS f7,
      CASE WHEN j < 2 THEN 'flashlight-browser' END AS f8,
      CASE WHEN j >= 6 THEN 'topic-' || ${h(5, TOPICS)} END AS f9,
      CASE WHEN j = 5 THEN ${vendor} END AS f10,
      CASE WHEN j = 5 THEN CASE WHEN hash(i, 6) % 100 < 2 THEN 'fallback' ELSE 'ok' END END AS f11,
      CASE WHEN j = 2 THEN 'user-' || ${h(7, 100000)} END AS f12
    FROM (SELECT i, i // 8 AS t, i % 8 AS j FROM range(${SPANS}) r(i))`);
  const services = (await connection.runAndReadAll('SELECT DISTINCT f3 FROM spans ORDER BY f3')).getRowObjectsJS().map((r) => String(r.f3));
  // The store keeps one table per dataset (service), in the order events arrived.
  for (const [k, service] of services.entries()) {
    await connection.run(`CREATE TABLE ds_${k} AS SELECT * FROM spans WHERE f3 = '${service}' ORDER BY ts`);
  }
  await connection.run('DROP TABLE spans');
  return services;
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
// Several processes share the machine's memory.
await connection.run(`SET memory_limit='6GB'`);
const created = performance.now();
const services = await createSpans(connection);
await createCatalogTables(connection);
console.log(
  `service map benchmark: ${SPANS.toLocaleString('en-US')} spans in ${services.length} tables (made in ${((performance.now() - created) / 1000).toFixed(1)}s), warm median of ${RUNS} runs`,
);

const tables = services.map((service, k) => ({ dataset: service, table: `ds_${k}`, columns: new Set(fields.map((f) => f.column)) }));
const scope: FlowScope = {
  environment: 'bench',
  tables,
  fields: new Map(fields.map((f) => [f.name, f])),
  startUs: START_US,
  endUs: START_US + 24 * HOUR_US,
  traceFilter: null,
  nowUs: Date.now() * 1000,
};
const store: MapStore & RollupStore & { target: () => Promise<{ tables: typeof tables; fields: FlowScope['fields'] }> } = {
  engine: 'duckdb',
  edgeTotals: { table: EDGE_TOTALS_TABLE, environments: async () => [scope.environment] },
  query: async (sql, params) => (await connection.runAndReadAll(sql, params as never)).getRowObjectsJS(),
  target: async () => ({ tables, fields: scope.fields }),
};

// The rollup: the first minute alone, as the background job rolls each new minute; the
// rest as it rolls a backlog, an hour of minutes per statement; then the hours and the day.
const target = await store.target();
const oneMinuteMs = await medianMs(1, () => rollMinutes(store, scope.environment, target, { startUs: START_US, endUs: START_US + 60e6 }));
const rollStarted = performance.now();
for (let hour = 0; hour < 24; hour++) {
  const startUs = START_US + hour * HOUR_US;
  await rollMinutes(store, scope.environment, target, { startUs: hour === 0 ? startUs + 60e6 : startUs, endUs: startUs + HOUR_US });
}
const minutesMs = performance.now() - rollStarted + oneMinuteMs;
for (const [i, grain] of GRAINS.entries()) if (i > 0) await rollUp(store, scope.environment, GRAINS[i - 1], grain);
const rollMs = performance.now() - rollStarted + oneMinuteMs;
const rowCounts = (await store.query(`SELECT grain, count(*) AS rows FROM ${EDGE_TOTALS_TABLE} GROUP BY grain ORDER BY grain`, [])) as {
  grain: bigint;
  rows: bigint;
}[];

const range = (t: string) => `${t}.ts >= make_timestamp(${START_US}) AND ${t}.ts < make_timestamp(${START_US + 24 * HOUR_US})`;
const baselineSql = `
  SELECT p.f3, c.f3, sum(c.sample_rate), sum(CASE WHEN c.f6 = 2 THEN c.sample_rate END), quantile_disc(c.f5, 0.5), quantile_disc(c.f5, 0.99)
  FROM (${tables.map((t) => `SELECT * FROM ${t.table}`).join(' UNION ALL ')}) c JOIN (${tables.map((t) => `SELECT * FROM ${t.table}`).join(' UNION ALL ')}) p
    ON c.f0 = p.f0 AND c.f2 = p.f1
  WHERE c.f3 <> p.f3 AND ${range('c')} AND ${range('p')}
  GROUP BY ALL`;

const maps: Record<string, ServiceMap> = {};
const timed = async (name: string, work: () => Promise<ServiceMap>) => {
  maps[name] = await work();
  return medianMs(RUNS, async () => (maps[name] = await work()));
};
// The served map over the whole (UTC) day, read from its day's totals; and over a range
// that cuts a minute at each end, read from 22 hours, 118 minutes and 2 × 30 s of spans.
const served = await timed('served', () => buildServiceMap(store, scope));
const cut = await timed('cut', () => buildServiceMap(store, { ...scope, startUs: scope.startUs + 30e6, endUs: scope.endUs - 30e6 }));
const live = await timed('live', () => liveServiceMap(store, scope));
await connection.runAndReadAll(baselineSql);
const baseline = await medianMs(RUNS, () => connection.runAndReadAll(baselineSql));

const requests = (map: ServiceMap) => map.edges.reduce((sum, edge) => sum + edge.stats.requests, 0);
console.log(
  `map: ${maps.served.nodes.length} nodes, ${maps.served.edges.length} edges; edge requests served ${requests(maps.served)}, live ${requests(maps.live)}`,
);
console.log(comparisonLine('service map served, whole day (day totals)'.padEnd(52), served, 'hand-written edges only', baseline));
console.log(comparisonLine('service map served, day less 30 s at each end'.padEnd(52), cut, 'hand-written edges only', baseline));
console.log(comparisonLine('service map live statement, whole day'.padEnd(52), live, 'hand-written edges only', baseline));
const perSecond = (ms: number) => Math.round(SPANS / (ms / 1000)).toLocaleString('en-US');
console.log(
  `rollup build: ${(rollMs / 1000).toFixed(1)} s for 1440 minutes of data (${(rollMs / 1440).toFixed(1)} ms per minute, ${perSecond(rollMs)} spans/s); ` +
    `minutes from spans ${(minutesMs / 1000).toFixed(1)} s (${perSecond(minutesMs)} spans/s), hours and day from minutes ${((rollMs - minutesMs) / 1000).toFixed(1)} s`,
);
console.log(`one minute rolled alone, as each new minute is: ${oneMinuteMs.toFixed(0)} ms`);
console.log(`rollup rows: ${rowCounts.map((r) => `${Number(r.rows).toLocaleString('en-US')} of grain ${Number(r.grain) / 60e6} min`).join(', ')}`);
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${os.cpus().length} cores`,
);
connection.closeSync();
instance.closeSync();
