// The service map: services, the browser, vendors and other uninstrumented peers, and
// queues, joined by the calls and messages between them, each with request rate, error
// rate and P50/P99 latency. One SQL statement does the counting, from spans and, where the
// store keeps them, from the edge totals rolled in the background (edge-rollup.ts): rows per
// edge and latency bucket and per edge and series step, shaped into the map by bucket-rows-map.ts.
import type { Store } from '../store/store.ts';
import {
  NULL,
  and,
  as,
  caseWhen,
  cte,
  derived,
  eq,
  fn,
  id,
  inList,
  isNotNull,
  isNull,
  lit,
  named,
  not,
  op,
  or,
  parens,
  select,
  unionAll,
  val,
  type Dialect,
  type Expr,
  type QueryNode,
} from '@flashlight/query';
import { dialectForEngine } from '../query/dialect-for-engine.ts';
import { runNode } from '../store/run-node.ts';
import type { FlowScope } from './flow-scope.ts';
import { shapeBucketRows, type MapRow } from './bucket-rows-map.ts';
import { latencyBucket } from './latency-histogram.ts';
import { flowRelations } from './span-scan.ts';
import { JOIN_WINDOW_US, keepsEdgeTotals, largestGrainIn, MINUTE_US, rolledRows, rolledRuns, unrolledPieces, type TimeWindow } from './edge-rollup-read.ts';
import { elapsedSeconds, seriesStepUs } from './map-series.ts';
import type { NodeKind, EdgeKind, MapNode, MapEdge, ServiceMap } from '@flashlight/api';
export type { NodeKind, EdgeKind, MapNode, MapEdge, ServiceMap };

/** What the map reads a store through (a benchmark gives it a bare connection). */
export type MapStore = Pick<Store, 'engine' | 'query' | 'edgeTotals'>;

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
 * What an edge is, for the live map and the roll-up alike, is said here once (a role per
 * kind of fact); how peers resolve to services, and who carries which load, in bucket-rows-map.ts.
 */
export function compileMapRows(scope: FlowScope, options: MapStatementOptions = {}): QueryNode {
  const counted = options.counted;
  const read = counted ? widened(scope, counted) : scope;
  const timed = options.counted !== undefined || options.perMinute === true || options.stepUs !== undefined;
  const [svc, psvc, kind, pkind, topic, browser, peer, vendor, pk, t] = ['svc', 'psvc', 'kind', 'pkind', 'topic', 'browser', 'peer', 'vendor', 'pk', 't'].map(
    (name) => id(name),
  );
  const serviceKind = (isBrowser: Expr) => caseWhen([[eq(isBrowser, lit(1)), val('browser')]], val('service'));
  const fact = (role: MapRole, srcKind: Expr, src: Expr, dstKind: Expr, dst: Expr, from: string, where?: Expr) =>
    select({
      columns: [
        as(val(role), 'role'),
        as(srcKind, 'sk'),
        as(src, 'src'),
        as(dstKind, 'dk'),
        as(dst, 'dst'),
        ...['dur', 'err', 'w', 'tid', ...(timed ? ['t'] : [])].map((name) => id(name)),
      ],
      from: named(from),
      where,
    });
  const isKind = (name: string) => eq(kind, val(name));
  const facts = [
    // Entries into a service: its roots, and the server and consumer spans that begin its part of a trace.
    fact('node', serviceKind(browser), svc, NULL, NULL, 's', or(isNull(pk), inList(kind, [val('server'), val('consumer')]))),
    // A client or producer span's child in another service (see flowRelations' cross). A
    // consumer under its producer is a message hop: drawn through the queue instead.
    fact(
      'call',
      serviceKind(id('pbrowser')),
      psvc,
      serviceKind(browser),
      svc,
      'cross',
      not(parens(and(isKind('consumer'), eq(pkind, val('producer')), isNotNull(topic)))),
    ),
    // A client call that reaches no instrumented service: to a vendor, else to its peer.
    fact('call', serviceKind(browser), svc, caseWhen([[isNotNull(vendor), val('vendor')]], val('peer')), fn('coalesce', vendor, peer), 'calls'),
    fact('produce', serviceKind(browser), svc, val('queue'), topic, 's', and(isKind('producer'), isNotNull(topic))),
    fact('consume', val('queue'), topic, serviceKind(browser), svc, 's', and(isKind('consumer'), isNotNull(topic))),
    // Which hosts each service serves, so a call to a host lands on the service behind it.
    fact('serves', val('service'), svc, val('peer'), peer, 's', and(isKind('server'), isNotNull(peer), eq(browser, lit(0)))),
  ];
  const minute = parens(op('-', t, op('%', t, lit(MINUTE_US))));
  const step = options.stepUs === undefined ? null : parens(op('-', t, op('%', t, val(options.stepUs))));
  const keys = ['role', 'src', 'dst'].map((name) => id(name));
  const [w, dur] = [id('w'), id('dur')];
  return select({
    with: [...flowRelations(read, ['dur', 'err', 'w', 'topic', ...(timed ? (['t'] as const) : [])]), cte('facts', unionAll(facts))],
    columns: [
      ...keys,
      // A name has one kind (a service is a browser or not), so kinds ride along instead of being grouped by.
      as(fn('max', id('sk')), 'src_kind'),
      as(fn('max', id('dk')), 'dst_kind'),
      as(latencyBucket(dur), 'b'),
      ...(options.perMinute ? [as(minute, 'minute')] : []),
      ...(step ? [as(step, 'g')] : []),
      as(fn('sum', w), 'n'),
      as(fn('sum', op('*', w, id('err'))), 'e'),
      as(fn('max', dur), 'mx'),
      as(fn('anyValue', id('tid')), 'ex'),
    ],
    from: named('facts'),
    where: counted ? or(...counted.map((window) => parens(and(op('>=', t, val(window.startUs)), op('<', t, val(window.endUs)))))) : undefined,
    groupBy: [...keys, id('b'), ...(options.perMinute ? [minute] : []), ...(step ? [step] : [])],
  });
}

/** The scope that reads the counted windows and the join window around each. */
function widened(scope: FlowScope, counted: readonly TimeWindow[]): FlowScope {
  const windows = counted.map((window) => ({ startUs: window.startUs - JOIN_WINDOW_US, endUs: window.endUs + JOIN_WINDOW_US }));
  return { ...scope, startUs: Math.min(...windows.map((w) => w.startUs)), endUs: Math.max(...windows.map((w) => w.endUs)), windows };
}

/** What a row of the map's facts says: a service's entry, a call or message between two ends, or a host a service serves. */
export type MapRole = 'node' | 'call' | 'produce' | 'consume' | 'serves';

/** The columns of the map's rows, in the order every source of them is read in. */
const ROW_COLUMNS = ['role', 'src_kind', 'src', 'dst_kind', 'dst', 'b', 'g', 'n', 'e', 'mx', 'ex'];

/** A query of map rows, with the columns in ROW_COLUMNS order. */
export function mapRowsOf(rows: QueryNode): QueryNode {
  return select({ columns: ROW_COLUMNS.map((name) => id(name)), from: derived(rows, 'r') });
}

/**
 * The map's rows summed per edge and latency bucket (`g` NULL) and per edge and series step
 * (`b` NULL) in one pass, where the dialect has GROUPING SETS: far fewer rows than one per
 * edge, bucket and step, which is what comes back elsewhere. Either way the map is shaped
 * from them by the one set of rules in bucket-rows-map.ts.
 */
export function mapCells(rows: QueryNode, dialect: Dialect): QueryNode {
  if (!dialect.groupingSets) return rows;
  const [role, src, dst, b, g] = ['role', 'src', 'dst', 'b', 'g'].map((column) => id(column));
  return select({
    columns: [
      role,
      as(fn('max', id('src_kind')), 'src_kind'),
      src,
      as(fn('max', id('dst_kind')), 'dst_kind'),
      dst,
      b,
      g,
      as(fn('sum', id('n')), 'n'),
      as(fn('sum', id('e')), 'e'),
      as(fn('max', id('mx')), 'mx'),
      as(fn('min', id('ex')), 'ex'),
    ],
    from: derived(rows, 'r'),
    groupingSets: [
      [role, src, dst, b],
      [role, src, dst, g],
    ],
  });
}

/** The map from rows of the map statement, summed by mapCells. */
async function readServiceMap(store: MapStore, rows: QueryNode, scope: FlowScope): Promise<ServiceMap> {
  return shapeBucketRows((await runNode(store, mapCells(rows, dialectForEngine(store.engine)))) as unknown as MapRow[], scope);
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

/** The live map: counted from spans in one statement. */
export async function liveServiceMap(store: MapStore, scope: FlowScope): Promise<ServiceMap> {
  if (scope.tables.length === 0) return shapeBucketRows([], scope);
  return readServiceMap(store, compileMapRows(scope, { stepUs: seriesStepUs(scope) }), scope);
}

/**
 * Where the store keeps edge totals (edge-rollup.ts), the rolled days, hours and minutes of
 * the range come from them and only the rest (units not rolled yet, partial minutes at the
 * ends) from spans, with parents and children looked for within the join window around it,
 * as a roll does; one statement sums both. A trace filter (one user's traces, flows touching
 * a service) selects spans the totals have summed away, so such a map is counted from spans alone.
 */
export async function buildServiceMap(store: MapStore, scope: FlowScope): Promise<ServiceMap> {
  if (!keepsEdgeTotals(store) || scope.traceFilter !== null || scope.tables.length === 0) return liveServiceMap(store, scope);
  const stepUs = seriesStepUs(scope);
  // A rolled unit lies in one step of the series only when the step is a whole number of them.
  const runs = await rolledRuns(store, scope.environment, scope, largestGrainIn(stepUs));
  const pieces = unrolledPieces(scope, runs);
  const parts = [
    ...(runs.length > 0 ? [rolledRows(store.edgeTotals, scope.environment, runs, stepUs)] : []),
    // All pieces in one scan: most of a small piece's cost is the statement, not its spans.
    ...(pieces.length > 0 ? [compileMapRows(scope, { counted: pieces, stepUs })] : []),
  ].map(mapRowsOf);
  return readServiceMap(store, unionAll(parts), scope);
}
