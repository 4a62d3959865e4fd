// The service map: services, the browser, vendors and other uninstrumented peers, and
// queues, joined by the calls and messages between them, each with request rate, error
// rate and P50/P99 latency. One SQL statement does the counting; only one row per node or
// edge and latency bucket comes back.
import type { Store } from '../store/store.ts';
import { dialectForEngine } from '../query/dialect-for-engine.ts';
import type { FlowScope } from './flow-scope.ts';
import { FlowTally, type FlowStats } from './flow-stats.ts';
import { latencyBucket } from './latency-histogram.ts';
import { anyValue, flowRelations, sqlWriter, type SqlWriter } from './span-scan.ts';
import { JOIN_WINDOW_US, MINUTE_US, rolledMapRows, rolledRuns, unrolledPieces, type TimeWindow } from './edge-rollup-read.ts';

/** What the map reads a store through (a benchmark gives it a bare connection). */
export type MapStore = Pick<Store, 'engine' | 'query'>;

export type NodeKind = 'service' | 'browser' | 'vendor' | 'peer' | 'queue';
/** A call (parent/child across services, or a client call to a peer), or a message to or from a queue. */
export type EdgeKind = 'call' | 'produce' | 'consume';

export interface MapNode {
  /** `<kind>:<name>`. */
  id: string;
  kind: NodeKind;
  name: string;
  /**
   * Services and the browser: spans that enter them (roots, server and consumer spans).
   * Peers and vendors: the calls they receive. Queues: messages sent.
   */
  stats: FlowStats;
}

export interface MapEdge {
  id: string;
  kind: EdgeKind;
  source: string;
  target: string;
  /** Calls: the callee's span (the client span for peers); messages: the producer or consumer span. */
  stats: FlowStats;
}

export interface ServiceMap {
  /** Unix seconds. */
  startTime: number;
  endTime: number;
  nodes: MapNode[];
  edges: MapEdge[];
}

export interface MapStatementOptions {
  /**
   * Counts only the spans that start in this window (µs); their parents and children are
   * still looked for over the whole scope, which the caller widens around it.
   */
  counted?: TimeWindow;
  /** Also groups by the minute each counted span starts in (µs, column `minute`). */
  perMinute?: boolean;
}

/** The statement: one row per (role, source, target, latency bucket[, minute]) with n, e, mx, ex. */
export function compileServiceMap(scope: FlowScope, sql: SqlWriter, options: MapStatementOptions = {}): string {
  const { id, value } = sql;
  const timed = options.counted !== undefined || options.perMinute === true;
  const serviceKind = (browser: string) => `CASE WHEN ${browser} = 1 THEN ${value('browser')} ELSE ${value('service')} END`;
  const fact = (role: string, srcKind: string, src: string, dstKind: string, dst: string, from: string) =>
    `SELECT ${value(role)} AS ${id('role')}, ${srcKind} AS ${id('sk')}, ${src} AS ${id('src')}, ${dstKind} AS ${id('dk')}, ${dst} AS ${id('dst')}, ` +
    `${id('dur')}, ${id('err')}, ${id('w')}, ${id('tid')}${timed ? `, ${id('t')}` : ''} FROM ${from}`;
  const [svc, psvc, kind, pkind, topic] = ['svc', 'psvc', 'kind', 'pkind', 'topic'].map(id);
  const facts = [
    // Entries into a service: its roots, and the server and consumer spans that begin its part of a trace.
    fact('node', serviceKind(id('browser')), svc, 'NULL', 'NULL', `${id('s')} WHERE ${id('pk')} IS NULL OR ${kind} IN (${value('server')}, ${value('consumer')})`),
    // A consumer under its producer is a message hop: drawn through the queue instead.
    fact('call', serviceKind(id('pbrowser')), psvc, serviceKind(id('browser')), svc,
      `${id('cross')} WHERE NOT (${kind} = ${value('consumer')} AND ${pkind} = ${value('producer')} AND ${topic} IS NOT NULL)`),
    fact('call', serviceKind(id('browser')), svc, `CASE WHEN ${id('vendor')} IS NOT NULL THEN ${value('vendor')} ELSE ${value('peer')} END`,
      `coalesce(${id('vendor')}, ${id('peer')})`, id('calls')),
    fact('produce', serviceKind(id('browser')), svc, value('queue'), topic, `${id('s')} WHERE ${kind} = ${value('producer')} AND ${topic} IS NOT NULL`),
    fact('consume', value('queue'), topic, serviceKind(id('browser')), svc, `${id('s')} WHERE ${kind} = ${value('consumer')} AND ${topic} IS NOT NULL`),
    // Which hosts each service serves, so a call to a host lands on the service behind it.
    fact('serves', value('service'), svc, value('peer'), id('peer'), `${id('s')} WHERE ${kind} = ${value('server')} AND ${id('peer')} IS NOT NULL AND ${id('browser')} = 0`),
  ];
  const t = id('t');
  const minute = `(${t} - ${t} % ${MINUTE_US})`;
  const keys = ['role', 'src', 'dst'].map(id);
  const groups = [...keys, id('b'), ...(options.perMinute ? [minute] : [])];
  // A name has one kind (a service is a browser or not), so kinds ride along instead of being grouped by.
  const kinds = [['sk', 'src_kind'], ['dk', 'dst_kind']].map(([fact, out]) => `max(${id(fact)}) AS ${id(out)}`);
  const counted = options.counted;
  const where = counted ? ` WHERE ${t} >= ${value(counted.startUs)} AND ${t} < ${value(counted.endUs)}` : '';
  return (
    `WITH ${[...flowRelations(scope, sql, ['dur', 'err', 'w', 'topic', ...(timed ? (['t'] as const) : [])]), `${id('facts')} AS (${facts.join(' UNION ALL ')})`].join(', ')} ` +
    `SELECT ${[...keys, ...kinds].join(', ')}, ${latencyBucket(id('dur'), sql)} AS ${id('b')}, ${options.perMinute ? `${minute} AS ${id('minute')}, ` : ''}` +
    `sum(${id('w')}) AS ${id('n')}, sum(${id('w')} * ${id('err')}) AS ${id('e')}, ` +
    `max(${id('dur')}) AS ${id('mx')}, ${anyValue(sql, id('tid'))} AS ${id('ex')} FROM ${id('facts')}${where} GROUP BY ${groups.join(', ')}`
  );
}

export interface MapRow {
  role: string;
  src_kind: NodeKind;
  src: string;
  dst_kind: NodeKind | null;
  dst: string | null;
  b: unknown;
  /** Only in rows of a per-minute statement. */
  minute?: unknown;
  n: unknown;
  e: unknown;
  mx: unknown;
  ex: unknown;
}

/**
 * Builds the map from the statement's rows. A peer named like a service, or a host that
 * exactly one service serves, is that service: a call whose context was lost still
 * shows where it went.
 */
export function shapeServiceMap(rows: readonly MapRow[], scope: FlowScope): ServiceMap {
  const services = new Map<string, NodeKind>();
  const servers = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.role === 'node') services.set(row.src, row.src_kind);
    if (row.role === 'serves') servers.set(row.dst!, (servers.get(row.dst!) ?? new Set()).add(row.src));
  }
  const nodeOf = (kind: NodeKind, name: string): { kind: NodeKind; name: string } => {
    if (kind !== 'peer') return { kind, name };
    if (services.has(name)) return { kind: services.get(name)!, name };
    const served = servers.get(name);
    return served?.size === 1 ? { kind: 'service', name: [...served][0] } : { kind, name };
  };
  const nodeTallies = new Map<string, { kind: NodeKind; name: string; tally: FlowTally }>();
  const edgeTallies = new Map<string, { kind: EdgeKind; source: string; target: string; tally: FlowTally }>();
  const nodeEntry = (node: { kind: NodeKind; name: string }) => {
    const key = `${node.kind}:${node.name}`;
    let entry = nodeTallies.get(key);
    if (!entry) nodeTallies.set(key, (entry = { ...node, tally: new FlowTally() }));
    return { key, entry };
  };
  for (const row of rows) {
    if (row.role === 'serves') continue;
    const source = nodeEntry(nodeOf(row.src_kind, row.src));
    if (row.role === 'node') {
      source.entry.tally.add(row);
      continue;
    }
    const target = nodeEntry(nodeOf(row.dst_kind!, row.dst!));
    // Uninstrumented peers and queues have no spans of their own: what reaches them is their load.
    if (target.entry.kind !== 'service' && target.entry.kind !== 'browser') target.entry.tally.add(row);
    const edgeKey = `${source.key}->${target.key}`;
    let edge = edgeTallies.get(edgeKey);
    if (!edge) edgeTallies.set(edgeKey, (edge = { kind: row.role as EdgeKind, source: source.key, target: target.key, tally: new FlowTally() }));
    edge.tally.add(row);
  }
  const rangeSeconds = (scope.endUs - scope.startUs) / 1e6;
  return {
    startTime: scope.startUs / 1e6,
    endTime: scope.endUs / 1e6,
    nodes: [...nodeTallies.entries()]
      .map(([id, { kind, name, tally }]) => ({ id, kind, name, stats: tally.stats(rangeSeconds) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...edgeTallies.entries()]
      .map(([id, { kind, source, target, tally }]) => ({ id, kind, source, target, stats: tally.stats(rangeSeconds) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/**
 * The map statement's rows, run live over spans. With `counted`, the scope is widened by
 * the join window around it, as a roll does.
 */
export async function liveMapRows(store: MapStore, scope: FlowScope, counted?: TimeWindow): Promise<MapRow[]> {
  if (scope.tables.length === 0) return [];
  const sql = sqlWriter(dialectForEngine(store.engine));
  const statement = counted
    ? compileServiceMap({ ...scope, startUs: counted.startUs - JOIN_WINDOW_US, endUs: counted.endUs + JOIN_WINDOW_US }, sql, { counted })
    : compileServiceMap(scope, sql);
  return (await store.query(statement, sql.params)) as unknown as MapRow[];
}

/**
 * On DuckDB, the rolled minutes of the range come from the edge rollup and only the rest
 * (minutes not rolled yet, partial minutes at the ends) from spans. A trace filter (one
 * user's traces, flows touching a service) selects spans the rollup has summed away, so
 * such a map, and every map on ClickHouse, is counted from spans alone.
 */
export async function buildServiceMap(store: MapStore, scope: FlowScope): Promise<ServiceMap> {
  if (store.engine !== 'duckdb' || scope.traceFilter !== null || scope.tables.length === 0) {
    return shapeServiceMap(await liveMapRows(store, scope), scope);
  }
  const runs = await rolledRuns(store, scope.environment, scope);
  const pieces = unrolledPieces(scope, runs);
  const parts = await Promise.all([rolledMapRows(store, scope.environment, runs), ...pieces.map((piece) => liveMapRows(store, scope, piece))]);
  return shapeServiceMap(parts.flat(), scope);
}
