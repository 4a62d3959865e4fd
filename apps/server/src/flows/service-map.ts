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

/** The statement: one row per (role, source, target, latency bucket) with n, e, mx, ex. */
export function compileServiceMap(scope: FlowScope, sql: SqlWriter): string {
  const { id, value } = sql;
  const serviceKind = (browser: string) => `CASE WHEN ${browser} = 1 THEN ${value('browser')} ELSE ${value('service')} END`;
  const fact = (role: string, srcKind: string, src: string, dstKind: string, dst: string, from: string) =>
    `SELECT ${value(role)} AS ${id('role')}, ${srcKind} AS ${id('sk')}, ${src} AS ${id('src')}, ${dstKind} AS ${id('dk')}, ${dst} AS ${id('dst')}, ` +
    `${id('dur')}, ${id('err')}, ${id('w')}, ${id('tid')} FROM ${from}`;
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
  const keys = ['role', 'src', 'dst'].map(id);
  // A name has one kind (a service is a browser or not), so kinds ride along instead of being grouped by.
  const kinds = [['sk', 'src_kind'], ['dk', 'dst_kind']].map(([fact, out]) => `max(${id(fact)}) AS ${id(out)}`);
  return (
    `WITH ${[...flowRelations(scope, sql, ['dur', 'err', 'w', 'topic']), `${id('facts')} AS (${facts.join(' UNION ALL ')})`].join(', ')} ` +
    `SELECT ${[...keys, ...kinds].join(', ')}, ${latencyBucket(id('dur'), sql)} AS ${id('b')}, sum(${id('w')}) AS ${id('n')}, sum(${id('w')} * ${id('err')}) AS ${id('e')}, ` +
    `max(${id('dur')}) AS ${id('mx')}, ${anyValue(sql, id('tid'))} AS ${id('ex')} FROM ${id('facts')} GROUP BY ${[...keys, id('b')].join(', ')}`
  );
}

interface MapRow {
  role: string;
  src_kind: NodeKind;
  src: string;
  dst_kind: NodeKind | null;
  dst: string | null;
  b: unknown;
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

export async function buildServiceMap(store: Store, scope: FlowScope): Promise<ServiceMap> {
  const sql = sqlWriter(dialectForEngine(store.engine));
  const statement = compileServiceMap(scope, sql);
  const rows = (scope.tables.length === 0 ? [] : await store.query(statement, sql.params)) as unknown as MapRow[];
  return shapeServiceMap(rows, scope);
}
