// Instrumentation gaps: the places where trace context breaks, each with how often, an
// example trace and how to fix it. One SQL statement, one row per gap.
import type { Store } from '../store/store.ts';
import { dialectForEngine } from '../query/dialect-for-engine.ts';
import type { FlowScope } from './flow-scope.ts';
import { flowRelations, sqlWriter, type SqlWriter } from './span-scan.ts';
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

export function compileInstrumentationGaps(scope: FlowScope, sql: SqlWriter): string {
  const { id, value } = sql;
  const [tid, k, pk, svc, kind, peer, browser] = ['tid', 'k', 'pk', 'svc', 'kind', 'peer', 'browser'].map(id);
  const ourServices = `(SELECT ${svc} FROM ${id('s')} WHERE ${svc} IS NOT NULL)`;
  // Hosts that our services serve, as their server spans name them, and that start traces.
  const servedHosts = `(SELECT ${peer} FROM ${id('s')} WHERE ${kind} = ${value('server')} AND ${peer} IS NOT NULL AND ${browser} = 0)`;
  const rootServedHosts = `(SELECT ${peer} FROM ${id('s')} WHERE ${kind} = ${value('server')} AND ${pk} IS NULL AND ${peer} IS NOT NULL AND ${browser} = 0)`;
  // Only settled traces are judged: none of their spans starts after settledUntil.
  const settled =
    settledUntilUs(scope) < scope.endUs ? ` AND ${tid} NOT IN (SELECT ${tid} FROM ${id('s')} WHERE ${id('t')} >= ${value(settledUntilUs(scope))})` : '';
  const gap = (gapKind: GapKind, subject: string, from: string) =>
    `SELECT ${value(gapKind)} AS ${id('gap')}, ${svc} AS ${id('service')}, ${subject} AS ${id('subject')}, sum(${id('w')}) AS ${id('n')}, min(${tid}) AS ${id('ex')} ` +
    `FROM ${from}${settled} GROUP BY ${svc}${subject === 'NULL' ? '' : `, ${subject}`}`;
  const unwrappedCall = `${id('calls')} WHERE ${browser} = 0 AND ${id('vendor')} IS NULL`;
  const gaps = [
    gap('orphan_span', 'NULL', `${id('s')} WHERE ${pk} IS NOT NULL AND ${pk} NOT IN (SELECT ${k} FROM ${id('s')} WHERE ${k} IS NOT NULL)`),
    gap(
      'browser_context_dropped',
      peer,
      `${id('s')} WHERE ${browser} = 1 AND ${kind} = ${value('client')} AND ${peer} IN ${rootServedHosts} ` +
        `AND ${k} NOT IN (SELECT ${pk} FROM ${id('s')} WHERE ${pk} IS NOT NULL)`,
    ),
    gap('service_context_dropped', peer, `${unwrappedCall} AND (${peer} IN ${ourServices} OR ${peer} IN ${servedHosts})`),
    gap('unwrapped_peer_call', peer, `${unwrappedCall} AND ${id('peer_service')} IS NULL AND ${peer} NOT IN ${ourServices} AND ${peer} NOT IN ${servedHosts}`),
    gap('peer_only_service', peer, `${unwrappedCall} AND ${id('peer_service')} IS NOT NULL AND ${peer} NOT IN ${ourServices}`),
    gap(
      'queue_context_lost',
      id('topic'),
      `${id('s')} WHERE ${kind} = ${value('consumer')} AND ${pk} IS NULL AND ${k} NOT IN (SELECT ${pk} FROM ${id('links')} WHERE ${pk} IS NOT NULL)`,
    ),
  ];
  return `WITH ${flowRelations(scope, sql, ['w', 't', 'peer_service', 'topic']).join(', ')} ${gaps.join(' UNION ALL ')}`;
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
  const sql = sqlWriter(dialectForEngine(store.engine));
  const statement = compileInstrumentationGaps(scope, sql);
  return shapeInstrumentationGaps(scope.tables.length === 0 ? [] : await store.query(statement, sql.params), scope);
}
