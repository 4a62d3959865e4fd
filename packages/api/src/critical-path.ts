// The critical path of a trace, as Jaeger defines it, with each span's share of it: from the
// root, walk back from its end, taking at each step the child that finished last before the
// point reached; the gaps between those children are the span's own time on the path. The
// waterfall draws it and trace comparison weighs it: one algorithm for both.

/** What the walk reads of a span. */
export interface PathSpan {
  spanId: string;
  startUs: number;
  endUs: number;
}

export interface CriticalPathStep<S extends PathSpan> {
  span: S;
  /** Time this span, not one of its children, bounded the trace. */
  criticalUs: number;
}

/** The spans on the critical path below and including `root`, by start time. */
export function criticalPath<S extends PathSpan>(root: S, childrenOf: (span: S) => readonly S[]): CriticalPathStep<S>[] {
  const onPath = new Map<string, CriticalPathStep<S>>();
  // A stack, not recursion: traces can nest deeper than the call stack.
  const work: { span: S; cutoffUs: number }[] = [{ span: root, cutoffUs: root.endUs }];
  while (work.length > 0) {
    const { span, cutoffUs } = work.pop()!;
    if (onPath.has(span.spanId)) continue;
    let point = Math.min(cutoffUs, span.endUs);
    let ownUs = 0;
    const children = [...childrenOf(span)].sort((x, y) => y.endUs - x.endUs);
    for (const child of children) {
      if (child.startUs >= point || onPath.has(child.spanId)) continue;
      const childEnd = Math.min(child.endUs, point);
      ownUs += point - childEnd;
      work.push({ span: child, cutoffUs: childEnd });
      point = child.startUs;
    }
    ownUs += Math.max(0, point - span.startUs);
    onPath.set(span.spanId, { span, criticalUs: ownUs });
  }
  return [...onPath.values()].sort((x, y) => x.span.startUs - y.span.startUs);
}
