// Two traces side by side: their paths aligned, the spans one has on a path beyond the
// other's, the time each path changed by, where their critical paths part, and the fields
// that differ on the paths both have. Pure: both traces are read first.
import type { ComparedPath, CriticalStep, Trace, TraceComparison } from '@flashlight/api';
import { criticalPath } from './compare-critical-path.ts';
import { attributeDifferences } from './compare-attributes.ts';
import { mergedPathOrder, NO_TIMES, pathTree, type PathTree } from './compare-paths.ts';

/** Differing fields listed; the rest are counted. */
export const ATTRIBUTE_LIMIT = 20;
/** Critical-path differences listed. */
const CRITICAL_DIFFERENCES = 10;
/** Differences below this are sums of the same times in another order. */
const SAME_MS = 1e-6;
/** Spans listed per critical path: a trace of 50,000 spans can have thousands on it. */
const CRITICAL_STEPS = 500;

/** The spans on the trace's critical path with their paths. */
export function criticalSteps(trace: Trace, tree: PathTree): CriticalStep[] {
  const pathBySpan = new Map<string, CriticalStep['path']>();
  for (const node of tree.nodes.values()) for (const span of node.spans) pathBySpan.set(span.spanId, node.path);
  return criticalPath(trace)
    .slice(0, CRITICAL_STEPS)
    .map((step) => ({ ...step, path: pathBySpan.get(step.spanId) ?? [] }));
}

export function compareTraces(a: Trace, b: Trace): TraceComparison {
  const trees = [pathTree(a), pathTree(b)] as const;
  const keys = mergedPathOrder(trees);
  const paths: ComparedPath[] = keys.map((key) => {
    const [na, nb] = [trees[0].nodes.get(key), trees[1].nodes.get(key)];
    const [ta, tb] = [na?.times ?? NO_TIMES, nb?.times ?? NO_TIMES];
    return {
      path: (na ?? nb)!.path,
      a: ta,
      b: tb,
      added: Math.max(0, tb.count - ta.count),
      missing: Math.max(0, ta.count - tb.count),
      diffMs: tb.totalMs - ta.totalMs,
    };
  });
  const differences = paths
    .filter((p) => Math.abs(p.b.criticalMs - p.a.criticalMs) > SAME_MS)
    .sort((x, y) => Math.abs(y.b.criticalMs - y.a.criticalMs) - Math.abs(x.b.criticalMs - x.a.criticalMs))
    .slice(0, CRITICAL_DIFFERENCES)
    .map((p) => ({ path: p.path, aMs: p.a.criticalMs, bMs: p.b.criticalMs }));
  const aligned = keys.map((key, i) => ({
    path: paths[i].path,
    a: trees[0].nodes.get(key)?.spans ?? [],
    b: trees[1].nodes.get(key)?.spans ?? [],
    diffMs: paths[i].diffMs,
  }));
  const { attributes, omitted } = attributeDifferences(aligned, ATTRIBUTE_LIMIT);
  return {
    a: a.summary,
    b: b.summary,
    paths,
    critical: { a: criticalSteps(a, trees[0]), b: criticalSteps(b, trees[1]), differences },
    attributes,
    attributesOmitted: omitted,
  };
}
