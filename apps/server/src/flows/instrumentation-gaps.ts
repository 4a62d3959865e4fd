// Instrumentation gaps: the places where trace context breaks, each with how often, an
// example trace and how to fix it. One SQL statement, one row per gap.
import {
  NULL,
  and,
  as,
  eq,
  fn,
  id,
  inList,
  isNotNull,
  isNull,
  lit,
  named,
  op,
  or,
  parens,
  select,
  unionAll,
  val,
  type Expr,
  type QueryNode,
} from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';
import type { FlowScope } from './flow-scope.ts';
import { flowRelations } from './span-scan.ts';
import { GAP_KINDS } from '@flashlight/api';
import type { GapKind, InstrumentationGap, InstrumentationGaps } from '@flashlight/api';
export { GAP_KINDS };
export type { GapKind, InstrumentationGap, InstrumentationGaps };

/**
 * How long a trace must have gone without a new span before its gaps count. Children end,
 * and are exported, before their parents: a trace still arriving has children whose parents
 * have not landed yet, which would read as orphans and dropped context.
 */
export const SETTLE_SECONDS = 120;

/** The end of the settled part of the scope's range, µs. */
function settledUntilUs(scope: FlowScope): number {
  return Math.min(scope.endUs, scope.nowUs - SETTLE_SECONDS * 1e6);
}

function hintFor(kind: GapKind, service: string, subject: string | null): string {
  const peer = subject ?? 'the peer';
  switch (kind) {
    case 'orphan_span':
      return `${service} names parents that never arrive: check that the caller exports its spans (same endpoint, not sampled away) and that no proxy rewrites traceparent.`;
    case 'browser_context_dropped':
      return `Requests from ${service} to ${peer} carry no traceparent: add ${peer} to the browser kit's propagateTo and allow the traceparent and tracestate headers in its CORS answer (Access-Control-Allow-Headers).`;
    case 'service_context_dropped':
      return `${peer} starts a new trace for calls from ${service}: instrument ${service}'s HTTP client so it injects traceparent, and make sure ${peer} extracts it.`;
    case 'unwrapped_peer_call':
      return `${service} calls ${peer} without wrap(): wrap it (wrap('${peer}', 'operation', call, { timeoutMs, fallback })) to record outcome, timeouts and fallbacks.`;
    case 'peer_only_service':
      return `${peer} appears only as a peer of ${service}: instrument it with an OpenTelemetry SDK (or @flashlight/node) so its own spans join the trace.`;
    case 'queue_context_lost':
      return `Messages on ${subject ?? 'this queue'} reach ${service} without trace context: inject it when producing (produce() or injectContext) and read it when consuming (consume()).`;
  }
}

export function compileInstrumentationGaps(scope: FlowScope): QueryNode {
  const [tid, k, pk, svc, kind, peer, browser, vendor, peerService, topic] = [
    'tid',
    'k',
    'pk',
    'svc',
    'kind',
    'peer',
    'browser',
    'vendor',
    'peer_service',
    'topic',
  ].map((name) => id(name));
  const isKind = (name: string) => eq(kind, val(name));
  const spans = (column: Expr, where: Expr) => select({ columns: [column], from: named('s'), where });
  const ourServices = spans(svc, isNotNull(svc));
  // Hosts that our services serve, as their server spans name them, and that start traces.
  const servedHosts = spans(peer, and(isKind('server'), isNotNull(peer), eq(browser, lit(0))));
  const rootServedHosts = spans(peer, and(isKind('server'), isNull(pk), isNotNull(peer), eq(browser, lit(0))));
  // Only settled traces are judged: none of their spans starts after settledUntil.
  const settled = settledUntilUs(scope) < scope.endUs ? [inList(tid, spans(tid, op('>=', id('t'), val(settledUntilUs(scope)))), true)] : [];
  const gap = (gapKind: GapKind, subject: Expr | null, from: string, ...where: Expr[]) =>
    select({
      columns: [as(val(gapKind), 'gap'), as(svc, 'service'), as(subject ?? NULL, 'subject'), as(fn('sum', id('w')), 'n'), as(fn('min', tid), 'ex')],
      from: named(from),
      where: and(...where, ...settled),
      groupBy: [svc, ...(subject ? [subject] : [])],
    });
  const unwrappedCall = [eq(browser, lit(0)), isNull(vendor)];
  const gaps = [
    gap('orphan_span', null, 's', isNotNull(pk), inList(pk, spans(k, isNotNull(k)), true)),
    gap('browser_context_dropped', peer, 's', eq(browser, lit(1)), isKind('client'), inList(peer, rootServedHosts), inList(k, spans(pk, isNotNull(pk)), true)),
    gap('service_context_dropped', peer, 'calls', ...unwrappedCall, parens(or(inList(peer, ourServices), inList(peer, servedHosts)))),
    gap('unwrapped_peer_call', peer, 'calls', ...unwrappedCall, isNull(peerService), inList(peer, ourServices, true), inList(peer, servedHosts, true)),
    gap('peer_only_service', peer, 'calls', ...unwrappedCall, isNotNull(peerService), inList(peer, ourServices, true)),
    gap(
      'queue_context_lost',
      topic,
      's',
      isKind('consumer'),
      isNull(pk),
      inList(k, select({ columns: [pk], from: named('links'), where: isNotNull(pk) }), true),
    ),
  ];
  return unionAll(gaps, { with: flowRelations(scope, ['w', 't', 'peer_service', 'topic']) });
}

export function shapeInstrumentationGaps(rows: readonly Record<string, unknown>[], scope: FlowScope): InstrumentationGaps {
  const gaps = rows.map((row): InstrumentationGap => {
    const kind = row.gap as GapKind;
    const service = String(row.service);
    const subject = row.subject === null || row.subject === undefined ? null : String(row.subject);
    return { kind, service, subject, count: Number(row.n), exampleTraceId: String(row.ex), hint: hintFor(kind, service, subject) };
  });
  gaps.sort(
    (a, b) => b.count - a.count || a.kind.localeCompare(b.kind) || a.service.localeCompare(b.service) || (a.subject ?? '').localeCompare(b.subject ?? ''),
  );
  return { startTime: scope.startUs / 1e6, endTime: scope.endUs / 1e6, settleSeconds: SETTLE_SECONDS, settledUntil: settledUntilUs(scope) / 1e6, gaps };
}

export async function findInstrumentationGaps(store: Store, scope: FlowScope): Promise<InstrumentationGaps> {
  if (scope.tables.length === 0) return shapeInstrumentationGaps([], scope);
  return shapeInstrumentationGaps(await runNode(store, compileInstrumentationGaps(scope)), scope);
}
