// The service map: services, the browser, vendors and other uninstrumented peers, and
// queues, joined by the calls and messages between them, each with request rate, error
// rate and P50/P99 latency. One SQL statement does the counting, from spans and, on DuckDB,
// from the edge totals rolled in the background (edge-rollup.ts); on DuckDB one row per node
// or edge comes back, on ClickHouse one per node or edge and latency bucket.
import type { Store } from '../store/store.ts';
import { duckDbDialect } from '@flashlight/query';
import { dialectForEngine } from '../query/dialect-for-engine.ts';
import type { FlowScope } from './flow-scope.ts';
import { shapeBucketRows, type MapRow } from './bucket-rows-map.ts';
import type { FlowStats } from './flow-stats.ts';
import { latencyBucket } from './latency-histogram.ts';
import { anyValue, cteOf, flowRelations, sqlWriter, type SqlWriter } from './span-scan.ts';
import { JOIN_WINDOW_US, largestGrainIn, MINUTE_US, rolledRowsSql, rolledRuns, unrolledPieces, type TimeWindow } from './edge-rollup-read.ts';
import { addToStep, denseSeries, elapsedSeconds, rateOver, seriesStepUs, type StepSums } from './map-series.ts';
import type { NodeKind, EdgeKind, MapNode, MapEdge, ServiceMap } from '@flashlight/api';
export type { NodeKind, EdgeKind, MapNode, MapEdge, ServiceMap };

/** What the map reads a store through (a benchmark gives it a bare connection). */
export type MapStore = Pick<Store, 'engine' | 'query'>;

export interface MapStatementOptions {
  /**
   * Counts only the spans that start in these windows (µs), reading instead of the scope's
   * range the windows widened by the join window: a span's parent and children are found
   * the same way wherever a range, a roll or a piece of one ends.
   */
  counted?: readonly TimeWindow[];
  /** Also groups by the minute each counted span starts in (µs, column `minute`). */
  perMinute?: boolean;
  /** Also groups by the series step each counted span starts in (µs, column `g`). */
  stepUs?: number;
}

/**
 * The map's rows: one per (role, source, target, latency bucket[, minute]) with n (weighted
 * requests), e (weighted errors), mx (the bucket's largest duration) and ex (a trace).
 */
export function compileMapRows(scope: FlowScope, sql: SqlWriter, options: MapStatementOptions = {}): string {
  const { id, value } = sql;
  const counted = options.counted;
  const read = counted ? widened(scope, counted) : scope;
  const timed = options.counted !== undefined || options.perMinute === true || options.stepUs !== undefined;
  const serviceKind = (browser: string) => `CASE WHEN ${browser} = 1 THEN ${value('browser')} ELSE ${value('service')} END`;
  const fact = (role: string, srcKind: string, src: string, dstKind: string, dst: string, from: string) =>
    `SELECT ${value(role)} AS ${id('role')}, ${srcKind} AS ${id('sk')}, ${src} AS ${id('src')}, ${dstKind} AS ${id('dk')}, ${dst} AS ${id('dst')}, ` +
    `${id('dur')}, ${id('err')}, ${id('w')}, ${id('tid')}${timed ? `, ${id('t')}` : ''} FROM ${from}`;
  const [svc, psvc, kind, pkind, topic] = ['svc', 'psvc', 'kind', 'pkind', 'topic'].map(id);
  const facts = [
    // Entries into a service: its roots, and the server and consumer spans that begin its part of a trace.
    fact(
      'node',
      serviceKind(id('browser')),
      svc,
      'NULL',
      'NULL',
      `${id('s')} WHERE ${id('pk')} IS NULL OR ${kind} IN (${value('server')}, ${value('consumer')})`,
    ),
    // A consumer under its producer is a message hop: drawn through the queue instead.
    fact(
      'call',
      serviceKind(id('pbrowser')),
      psvc,
      serviceKind(id('browser')),
      svc,
      `${id('cross')} WHERE NOT (${kind} = ${value('consumer')} AND ${pkind} = ${value('producer')} AND ${topic} IS NOT NULL)`,
    ),
    fact(
      'call',
      serviceKind(id('browser')),
      svc,
      `CASE WHEN ${id('vendor')} IS NOT NULL THEN ${value('vendor')} ELSE ${value('peer')} END`,
      `coalesce(${id('vendor')}, ${id('peer')})`,
      id('calls'),
    ),
    fact('produce', serviceKind(id('browser')), svc, value('queue'), topic, `${id('s')} WHERE ${kind} = ${value('producer')} AND ${topic} IS NOT NULL`),
    fact('consume', value('queue'), topic, serviceKind(id('browser')), svc, `${id('s')} WHERE ${kind} = ${value('consumer')} AND ${topic} IS NOT NULL`),
    // Which hosts each service serves, so a call to a host lands on the service behind it.
    fact(
      'serves',
      value('service'),
      svc,
      value('peer'),
      id('peer'),
      `${id('s')} WHERE ${kind} = ${value('server')} AND ${id('peer')} IS NOT NULL AND ${id('browser')} = 0`,
    ),
  ];
  const t = id('t');
  const minute = `(${t} - ${t} % ${MINUTE_US})`;
  const step = options.stepUs === undefined ? null : `(${t} - ${t} % ${value(options.stepUs)})`;
  const keys = ['role', 'src', 'dst'].map(id);
  const groups = [...keys, id('b'), ...(options.perMinute ? [minute] : []), ...(step ? [step] : [])];
  // A name has one kind (a service is a browser or not), so kinds ride along instead of being grouped by.
  const kinds = [
    ['sk', 'src_kind'],
    ['dk', 'dst_kind'],
  ].map(([fact, out]) => `max(${id(fact)}) AS ${id(out)}`);
  const where = counted ? ` WHERE ${counted.map((window) => `(${t} >= ${value(window.startUs)} AND ${t} < ${value(window.endUs)})`).join(' OR ')}` : '';
  return (
    `WITH ${[...flowRelations(read, sql, ['dur', 'err', 'w', 'topic', ...(timed ? (['t'] as const) : [])]), `${id('facts')} AS (${facts.join(' UNION ALL ')})`].join(', ')} ` +
    `SELECT ${[...keys, ...kinds].join(', ')}, ${latencyBucket(id('dur'), sql)} AS ${id('b')}, ${options.perMinute ? `${minute} AS ${id('minute')}, ` : ''}` +
    `${step ? `${step} AS ${id('g')}, ` : ''}` +
    `sum(${id('w')}) AS ${id('n')}, sum(${id('w')} * ${id('err')}) AS ${id('e')}, ` +
    `max(${id('dur')}) AS ${id('mx')}, ${anyValue(sql, 'tid')} AS ${id('ex')} FROM ${id('facts')}${where} GROUP BY ${groups.join(', ')}`
  );
}

/** The scope that reads the counted windows and the join window around each. */
function widened(scope: FlowScope, counted: readonly TimeWindow[]): FlowScope {
  const windows = counted.map((window) => ({ startUs: window.startUs - JOIN_WINDOW_US, endUs: window.endUs + JOIN_WINDOW_US }));
  return { ...scope, startUs: Math.min(...windows.map((w) => w.startUs)), endUs: Math.max(...windows.map((w) => w.endUs)), windows };
}

/** The columns of the map's rows, in the order every source of them is read in. */
const ROW_COLUMNS = ['role', 'src_kind', 'src', 'dst_kind', 'dst', 'b', 'g', 'n', 'e', 'mx', 'ex'];

/** A query of map rows, with the columns in ROW_COLUMNS order. */
export function mapRowsOf(sql: SqlWriter, rows: string): string {
  return `SELECT ${ROW_COLUMNS.map(sql.id).join(', ')} FROM (${rows}) AS ${sql.id('r')}`;
}

/**
 * The map from its rows, in SQL, so that only one row per node and edge comes back: rows
 * of every latency bucket would cost more to carry into JavaScript than to count.
 * A peer named like a service, or a host that exactly one service serves, is that service:
 * a call whose context was lost still shows where it went. (Only targets can be peers.)
 * Each node and edge gets requests, errors, an example, and P50/P99: the largest duration
 * of the first bucket where the running weight reaches the fraction, buckets in order (a
 * higher bucket's largest duration is never smaller, so that is the smallest such maximum).
 */
export function compileMapShape(rows: string, sql: SqlWriter): string {
  const { id, value } = sql;
  const [role, srcKind, src, dstKind, dst, b, g, n, e, mx, ex, what, kind, name, tkind, tname, w, cum, total] = [
    'role',
    'src_kind',
    'src',
    'dst_kind',
    'dst',
    'b',
    'g',
    'n',
    'e',
    'mx',
    'ex',
    'what',
    'kind',
    'name',
    'tkind',
    'tname',
    'w',
    'cum',
    'total',
  ].map(id);
  const r = (column: string) => `${id('r')}.${column}`;
  const isPeer = `${r(dstKind)} = ${value('peer')}`;
  const [names, hosts] = [id('nm'), id('hs')];
  const targetKind =
    `CASE WHEN NOT ${isPeer} THEN ${r(dstKind)} WHEN ${names}.${id('name')} IS NOT NULL THEN ${names}.${id('kind')} ` +
    `WHEN ${hosts}.${id('host')} IS NOT NULL THEN ${value('service')} ELSE ${value('peer')} END`;
  const targetName = `CASE WHEN ${isPeer} AND ${names}.${id('name')} IS NULL AND ${hosts}.${id('host')} IS NOT NULL THEN ${hosts}.${id('service')} ELSE ${r(dst)} END`;
  const measures = [b, g, n, e, mx, ex].join(', ');
  // An entity is a node (kind, name) or an edge (kind, name of its source; tkind, tname of its target).
  const entity = [what, kind, name, tkind, tname];
  const fact = (entry: string, ends: string, from: string, measured = measures) => `SELECT ${value(entry)} AS ${what}, ${ends}, ${measured} FROM ${from}`;
  const node = (k: string, nm: string) => `${k} AS ${kind}, ${nm} AS ${name}, NULL AS ${tkind}, NULL AS ${tname}, NULL AS ${role}`;
  const unmeasured = `NULL AS ${b}, NULL AS ${g}, 0 AS ${n}, 0 AS ${e}, NULL AS ${mx}, NULL AS ${ex}`;
  const running = `PARTITION BY ${entity.join(', ')} ORDER BY ${b}`;
  const ctes = [
    cteOf(sql, 'rows', rows, true),
    `${id('names')} AS (SELECT ${src} AS ${id('name')}, max(${srcKind}) AS ${id('kind')} FROM ${id('rows')} WHERE ${role} = ${value('node')} GROUP BY ${src})`,
    `${id('hosts')} AS (SELECT ${dst} AS ${id('host')}, min(${src}) AS ${id('service')} FROM ${id('rows')} WHERE ${role} = ${value('serves')} ` +
      `GROUP BY ${dst} HAVING count(DISTINCT ${src}) = 1)`,
    cteOf(
      sql,
      'links',
      `SELECT ${r(role)} AS ${role}, ${r(srcKind)} AS ${srcKind}, ${r(src)} AS ${src}, ${targetKind} AS ${dstKind}, ${targetName} AS ${dst}, ` +
        `${[b, g, n, e, mx, ex].map(r).join(', ')} FROM ${id('rows')} AS ${id('r')} ` +
        `LEFT JOIN ${id('names')} AS ${names} ON ${names}.${id('name')} = ${r(dst)} LEFT JOIN ${id('hosts')} AS ${hosts} ON ${hosts}.${id('host')} = ${r(dst)} ` +
        `WHERE ${r(role)} NOT IN (${value('node')}, ${value('serves')})`,
      true,
    ),
    `${id('facts')} AS (${[
      fact('node', node(srcKind, src), `${id('rows')} WHERE ${role} = ${value('node')}`),
      // Uninstrumented peers and queues have no spans of their own: what reaches them is their load.
      fact('node', node(dstKind, dst), `${id('links')} WHERE ${dstKind} NOT IN (${value('service')}, ${value('browser')})`),
      fact('edge', `${srcKind} AS ${kind}, ${src} AS ${name}, ${dstKind} AS ${tkind}, ${dst} AS ${tname}, ${role}`, id('links')),
      // Every end of an edge is a node, with or without requests of its own.
      fact('node', node(srcKind, src), `${id('links')} GROUP BY ${srcKind}, ${src}`, unmeasured),
      fact('node', node(dstKind, dst), `${id('links')} GROUP BY ${dstKind}, ${dst}`, unmeasured),
    ].join(' UNION ALL ')})`,
    `${id('cells')} AS (SELECT ${entity.join(', ')}, max(${role}) AS ${role}, ${b}, sum(${n}) AS ${w}, sum(${e}) AS ${e}, max(${mx}) AS ${mx}, min(${ex}) AS ${ex} ` +
      `FROM ${id('facts')} GROUP BY ${entity.join(', ')}, ${b})`,
    // Both sums over one window order, so the cells are sorted once.
    `${id('ranked')} AS (SELECT *, ` +
      `sum(CASE WHEN ${w} > 0 THEN ${w} ELSE 0 END) OVER (${running} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ${cum}, ` +
      `sum(CASE WHEN ${w} > 0 THEN ${w} ELSE 0 END) OVER (${running} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS ${total} FROM ${id('cells')})`,
  ];
  const percentile = (fraction: number, alias: string) => `min(CASE WHEN ${w} > 0 AND ${cum} >= ${value(fraction)} * ${total} THEN ${mx} END) AS ${id(alias)}`;
  const ends = [kind, name, tkind, tname];
  return (
    `WITH ${ctes.join(', ')} SELECT ${entity.join(', ')}, max(${role}) AS ${role}, ` +
    `sum(${w}) AS ${id('requests')}, sum(${e}) AS ${id('errors')}, min(${ex}) AS ${ex}, ${percentile(0.5, 'p50')}, ${percentile(0.99, 'p99')}, NULL AS ${g} ` +
    `FROM ${id('ranked')} GROUP BY ${entity.join(', ')} ` +
    // A point of an edge's series: its requests and errors in one step.
    `UNION ALL SELECT ${value('point')} AS ${what}, ${ends.join(', ')}, max(${role}) AS ${role}, sum(${n}) AS ${id('requests')}, sum(${e}) AS ${id('errors')}, ` +
    `NULL AS ${ex}, NULL AS ${id('p50')}, NULL AS ${id('p99')}, ${g} FROM ${id('facts')} WHERE ${what} = ${value('edge')} GROUP BY ${ends.join(', ')}, ${g}`
  );
}

/**
 * One node or edge, as the shaping statement gives it: a node is (kind, name); an edge leads
 * from (kind, name) to (tkind, tname); a point is an edge's requests and errors in step `g`.
 */
export interface MapEntityRow {
  what: 'node' | 'edge' | 'point';
  kind: string;
  name: string;
  tkind: string | null;
  tname: string | null;
  role: string | null;
  requests: unknown;
  errors: unknown;
  ex: unknown;
  p50: unknown;
  p99: unknown;
  g: unknown;
}

/** The map from the shaping statement's rows. */
export function shapeServiceMap(rows: readonly MapEntityRow[], scope: FlowScope): ServiceMap {
  const stats = (row: MapEntityRow): FlowStats => {
    const requests = Number(row.requests);
    const errors = Number(row.errors);
    const percentile = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    return {
      requests,
      rate: rateOver(requests, scope),
      errors,
      errorRate: requests > 0 ? errors / requests : 0,
      p50Ms: percentile(row.p50),
      p99Ms: percentile(row.p99),
      exampleTraceId: typeof row.ex === 'string' ? row.ex : null,
    };
  };
  const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
  const nodes: MapNode[] = [];
  const edges: Omit<MapEdge, 'series'>[] = [];
  const steps = new Map<string, StepSums>();
  for (const row of rows) {
    const source = `${row.kind}:${row.name}`;
    if (row.what === 'node') {
      nodes.push({ id: source, kind: row.kind as NodeKind, name: row.name, stats: stats(row) });
      continue;
    }
    const edgeId = `${source}->${row.tkind}:${row.tname}`;
    if (row.what === 'edge') edges.push({ id: edgeId, kind: row.role as EdgeKind, source, target: `${row.tkind}:${row.tname}`, stats: stats(row) });
    else if (row.g !== null && row.g !== undefined) {
      if (!steps.has(edgeId)) steps.set(edgeId, new Map());
      addToStep(steps.get(edgeId)!, Number(row.g), Number(row.requests), Number(row.errors));
    }
  }
  const withSeries = edges.map((edge) => ({ ...edge, series: denseSeries(steps.get(edge.id) ?? new Map(), scope) }));
  return mapOf(scope, nodes.sort(byId), withSeries.sort(byId));
}

/** The answer around its nodes and edges: the range, how much of it has passed, the series step. */
export function mapOf(scope: FlowScope, nodes: MapNode[], edges: MapEdge[]): ServiceMap {
  return {
    startTime: scope.startUs / 1e6,
    endTime: scope.endUs / 1e6,
    elapsedSeconds: elapsedSeconds(scope),
    seriesStepSeconds: seriesStepUs(scope) / 1e6,
    nodes,
    edges,
  };
}

/** The live map: counted from spans in one statement (on ClickHouse, shaped from its bucket rows here). */
export async function liveServiceMap(store: MapStore, scope: FlowScope): Promise<ServiceMap> {
  if (scope.tables.length === 0) return shapeServiceMap([], scope);
  const sql = sqlWriter(dialectForEngine(store.engine));
  const rows = compileMapRows(scope, sql, { stepUs: seriesStepUs(scope) });
  if (store.engine === 'clickhouse') return shapeBucketRows((await store.query(rows, sql.params)) as unknown as MapRow[], scope);
  return shapeServiceMap((await store.query(compileMapShape(rows, sql), sql.params)) as unknown as MapEntityRow[], scope);
}

/**
 * On DuckDB, the rolled days, hours and minutes of the range come from the edge totals and
 * only the rest (units not rolled yet, partial minutes at the ends) from spans, with parents
 * and children looked for within the join window around it, as a roll does; one statement
 * sums both. A trace filter (one user's traces, flows touching a service) selects spans the
 * totals have summed away, so such a map, and every map on ClickHouse, is counted from
 * spans alone.
 */
export async function buildServiceMap(store: MapStore, scope: FlowScope): Promise<ServiceMap> {
  if (store.engine !== 'duckdb' || scope.traceFilter !== null || scope.tables.length === 0) return liveServiceMap(store, scope);
  const stepUs = seriesStepUs(scope);
  // A rolled unit lies in one step of the series only when the step is a whole number of them.
  const runs = await rolledRuns(store, scope.environment, scope, largestGrainIn(stepUs));
  const sql = sqlWriter(duckDbDialect);
  const pieces = unrolledPieces(scope, runs);
  const parts = [
    ...(runs.length > 0 ? [rolledRowsSql(sql, scope.environment, runs, stepUs)] : []),
    // All pieces in one scan: most of a small piece's cost is the statement, not its spans.
    ...(pieces.length > 0 ? [compileMapRows(scope, sql, { counted: pieces, stepUs })] : []),
  ].map((rows) => mapRowsOf(sql, rows));
  const statement = compileMapShape(parts.join(' UNION ALL '), sql);
  return shapeServiceMap((await store.query(statement, sql.params)) as unknown as MapEntityRow[], scope);
}
