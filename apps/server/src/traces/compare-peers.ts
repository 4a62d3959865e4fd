// A trace against its peers: the most recent traces (up to 100) whose root span has the
// same name, in the root's dataset, within a window around the trace.
//
// The engine does the large part: it finds the peers' roots in one dataset and time
// window, then reads their spans (six columns) at once from the tables the trace index
// names for them, each narrowed to the time range the index holds and to their ids. The
// per-path statistics are computed here, in JavaScript, over that bounded read: a span's
// path is the chain of its ancestors, which neither engine computes without recursion
// (ClickHouse has no recursive CTE), and 100 traces are a few thousand spans, where the
// percentiles cost microseconds.
import {
  TIMESTAMP_COLUMN,
  and,
  as,
  cast,
  derived,
  desc,
  eq,
  fn,
  id,
  inList,
  isNotNull,
  isNull,
  op,
  or,
  parens,
  select,
  star,
  table,
  timeWithin,
  typedNull,
  unionAll,
  val,
  type DatasetTable,
  type Expr,
  type FieldInfo,
  type SqlType,
} from '@flashlight/query';
import type { PeerComparison, PeerTrace } from '@flashlight/api';
import type { Store } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';
import { buildTrace, type Trace, type TraceEvent } from './trace-tree.ts';
import { comparePeerPaths, nearestRank } from './compare-peer-paths.ts';
import { criticalSteps } from './compare-traces.ts';
import { pathTree } from './compare-paths.ts';

/** Peers' spans read at most: 100 traces of 1,000 spans. Past it, each peer keeps what was read. */
export const MAX_PEER_EVENTS = 100_000;

export interface PeerOptions {
  /** Seconds each side of the trace's start. */
  windowSeconds: number;
  limit: number;
}

/** The fields a peer's tree needs, with the type each is read as and its alias in the union. */
const PEER_FIELDS = [
  ['trace.trace_id', 'text'],
  ['trace.span_id', 'text'],
  ['trace.parent_id', 'text'],
  ['name', 'text'],
  ['service.name', 'text'],
  ['duration_ms', 'double'],
] as const satisfies readonly (readonly [string, SqlType])[];

/** A field of the table as the type wanted, or null where the table lacks it (or holds it as another kind). */
function column(fields: ReadonlyMap<string, FieldInfo>, source: DatasetTable, name: string, type: SqlType): Expr | null {
  const field = fields.get(name);
  if (!field || !source.columns.has(field.column)) return null;
  const numeric = field.type === 'integer' || field.type === 'float';
  if (type === 'double' && !numeric) return null;
  return cast(id(field.column), type);
}

/** Rows that are spans: neither span events, links nor log records. */
function spansOnly(fields: ReadonlyMap<string, FieldInfo>, source: DatasetTable): Expr[] {
  const annotation = column(fields, source, 'meta.annotation_type', 'text');
  const signal = column(fields, source, 'meta.signal_type', 'text');
  return [...(annotation ? [isNull(annotation)] : []), ...(signal ? [parens(or(isNull(signal), op('<>', signal, val('log'))))] : [])];
}

/** The most recent traces (other than `traceId`) whose root is named `rootName` in the dataset's window. */
async function findPeers(
  store: Store,
  environment: string,
  dataset: string,
  rootName: string,
  traceId: string,
  window: { startUs: number; endUs: number },
  limit: number,
): Promise<PeerTrace[]> {
  const target = await store.target(environment, [dataset]);
  const source = target?.tables[0];
  if (!target || !source) return [];
  const read = (name: string, type: SqlType) => column(target.fields, source, name, type);
  const [tid, sid, pid, name] = [read('trace.trace_id', 'text'), read('trace.span_id', 'text'), read('trace.parent_id', 'text'), read('name', 'text')];
  if (!tid || !sid || !name) return [];
  const duration = read('duration_ms', 'double');
  const query = select({
    columns: [as(tid, 'tid'), as(fn('max', fn('epochMicros', id(TIMESTAMP_COLUMN))), 't'), as(fn('max', duration ?? typedNull('double')), 'dur')],
    from: table(source.table),
    where: and(
      timeWithin(window.startUs, window.endUs),
      eq(name, val(rootName)),
      isNotNull(sid),
      ...(pid ? [isNull(pid)] : []),
      ...spansOnly(target.fields, source),
      op('<>', tid, val(traceId)),
    ),
    groupBy: [tid],
    orderBy: [desc(id('t'))],
    limit: val(limit),
  });
  const rows = await runNode(store, query);
  return rows.map((row) => ({ traceId: String(row.tid), startUs: Number(row.t), durationMs: row.dur === null ? 0 : Number(row.dur) }));
}

/**
 * The peers' spans, at most MAX_PEER_EVENTS (and whether there were more): read only from
 * the tables the trace index names for the peers, each within the time range their events
 * span there.
 */
async function readPeerSpans(store: Store, environment: string, peers: readonly PeerTrace[]): Promise<{ events: TraceEvent[]; truncated: boolean }> {
  if (peers.length === 0) return { events: [], truncated: false };
  const locations = await store.findTraces(
    environment,
    peers.map((p) => p.traceId),
  );
  const target = locations.length > 0 ? await store.target(environment, [...new Set(locations.map((l) => l.dataset))]) : null;
  if (!target) return { events: [], truncated: false };
  const ids = peers.map((p) => val(p.traceId));
  const scans = locations.flatMap((location) => {
    const source = target.tables.find((t) => t.table === location.table);
    if (!source) return [];
    const reads = PEER_FIELDS.map(([name, type]) => column(target.fields, source, name, type));
    const [tid, sid] = reads;
    if (!tid || !sid) return [];
    return [
      select({
        columns: [
          as(fn('epochMicros', id(TIMESTAMP_COLUMN)), 't'),
          as(val(source.dataset), 'ds'),
          ...reads.map((read, i) => as(read ?? typedNull(PEER_FIELDS[i][1], id(TIMESTAMP_COLUMN)), `f${i}`)),
        ],
        from: table(source.table),
        where: and(timeWithin(location.minTimeUs, location.maxTimeUs + 1), inList(tid, ids), isNotNull(sid), ...spansOnly(target.fields, source)),
      }),
    ];
  });
  if (scans.length === 0) return { events: [], truncated: false };
  // One more than fits tells whether the read was cut short.
  const rows = await runNode(store, select({ columns: [star()], from: derived(unionAll(scans), 'spans'), limit: val(MAX_PEER_EVENTS + 1) }));
  const truncated = rows.length > MAX_PEER_EVENTS;
  const events = rows.slice(0, MAX_PEER_EVENTS).map((row) => {
    const fields: TraceEvent['fields'] = {};
    PEER_FIELDS.forEach(([name], i) => {
      const value = row[`f${i}`];
      if (value !== null && value !== undefined) fields[name] = typeof value === 'bigint' ? Number(value) : (value as string | number);
    });
    return { dataset: String(row.ds), timeUs: Number(row.t), fields };
  });
  return { events, truncated };
}

/** The trace against its peers; none when its root has no name. */
export async function comparePeers(store: Store, environment: string, trace: Trace, options: PeerOptions): Promise<PeerComparison> {
  const root = trace.spans.find((span) => span.spanId === trace.summary.rootSpanId);
  const halfUs = options.windowSeconds * 1e6;
  const window = { startUs: trace.summary.startUs - halfUs, endUs: trace.summary.startUs + halfUs, dataset: root?.dataset ?? '' };
  const found = root?.name ? await findPeers(store, environment, root.dataset, root.name, trace.summary.traceId, window, options.limit) : [];
  const { events, truncated } = await readPeerSpans(store, environment, found);
  const byTrace = new Map<string, TraceEvent[]>();
  for (const event of events) {
    const traceId = String(event.fields['trace.trace_id']);
    let list = byTrace.get(traceId);
    if (!list) byTrace.set(traceId, (list = []));
    list.push(event);
  }
  const peerTraces = found.flatMap((peer) => {
    const built = buildTrace(
      peer.traceId,
      (byTrace.get(peer.traceId) ?? []).sort((a, b) => a.timeUs - b.timeUs),
      truncated,
    );
    return built ? [built] : [];
  });
  const { paths, ranking } = comparePeerPaths(trace, peerTraces);
  const durations = found.map((peer) => peer.durationMs);
  return {
    trace: trace.summary,
    peers: found,
    window,
    durationMs: { p50: nearestRank(durations, 0.5), p95: nearestRank(durations, 0.95) },
    truncated,
    paths,
    ranking,
    critical: criticalSteps(trace, pathTree(trace)),
  };
}
