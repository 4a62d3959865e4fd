// The critical path of a trace, as Jaeger defines it, with each span's share of it: from the
// root, walk back from its end, taking at each step the child that finished last before the
// point reached; the gaps between those children are the span's own time on the path.
import type { Trace, TraceSpan } from '@flashlight/api';

export interface CriticalSpan {
  spanId: string;
  startUs: number;
  /** Time this span, not one of its children, bounded the trace. */
  criticalMs: number;
}

const endUs = (span: TraceSpan) => span.startUs + span.durationMs * 1000;

/** The spans on the critical path, by start time; empty for a trace without a root. */
export function criticalPath(trace: Trace): CriticalSpan[] {
  const byId = new Map(trace.spans.map((span) => [span.spanId, span]));
  const root = trace.summary.rootSpanId === null ? undefined : byId.get(trace.summary.rootSpanId);
  if (!root) return [];
  const onPath = new Map<string, CriticalSpan>();
  // A stack, not recursion: traces can nest deeper than the call stack.
  const work: { span: TraceSpan; cutoffUs: number }[] = [{ span: root, cutoffUs: endUs(root) }];
  while (work.length > 0) {
    const { span, cutoffUs } = work.pop()!;
    if (onPath.has(span.spanId)) continue;
    let point = Math.min(cutoffUs, endUs(span));
    let ownUs = 0;
    const children = span.childIds.flatMap((id) => byId.get(id) ?? []).sort((x, y) => endUs(y) - endUs(x));
    for (const child of children) {
      if (child.startUs >= point || onPath.has(child.spanId)) continue;
      const childEnd = Math.min(endUs(child), point);
      ownUs += point - childEnd;
      work.push({ span: child, cutoffUs: childEnd });
      point = child.startUs;
    }
    ownUs += Math.max(0, point - span.startUs);
    onPath.set(span.spanId, { spanId: span.spanId, startUs: span.startUs, criticalMs: ownUs / 1000 });
  }
  return [...onPath.values()].sort((x, y) => x.startUs - y.startUs);
}
