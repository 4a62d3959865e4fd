// The critical path of a trace (the one algorithm in @flashlight/api) with each span's
// share of it, for trace comparison.
import { criticalPath as walkCriticalPath, type Trace, type TraceSpan } from '@flashlight/api';

export interface CriticalSpan {
  spanId: string;
  startUs: number;
  /** Time this span, not one of its children, bounded the trace. */
  criticalMs: number;
}

/** The spans on the critical path, by start time; empty for a trace without a root. */
export function criticalPath(trace: Trace): CriticalSpan[] {
  const byId = new Map(trace.spans.map((span) => [span.spanId, { ...span, endUs: span.startUs + span.durationMs * 1000 }]));
  const root = trace.summary.rootSpanId === null ? undefined : byId.get(trace.summary.rootSpanId);
  if (!root) return [];
  const childrenOf = (span: TraceSpan) => span.childIds.flatMap((id) => byId.get(id) ?? []);
  return walkCriticalPath(root, childrenOf).map(({ span, criticalUs }) => ({ spanId: span.spanId, startUs: span.startUs, criticalMs: criticalUs / 1000 }));
}
