// A trace's spans grouped by their (service, name) path from the root, the unit traces are
// aligned by: two requests that did the same work have the same paths, whatever their ids.
// Pure: the trace is read elsewhere.
import type { PathStep, PathTimes, Trace, TraceSpan } from '@flashlight/api';
import { criticalPath } from './compare-critical-path.ts';

export interface PathNode {
  key: string;
  path: PathStep[];
  /** Keys of the child paths, in the order they first started. */
  children: string[];
  spans: TraceSpan[];
  times: PathTimes;
}

/** A trace's paths by key, and the keys of the root paths. */
export interface PathTree {
  nodes: Map<string, PathNode>;
  roots: string[];
}

export const NO_TIMES: PathTimes = Object.freeze({ count: 0, totalMs: 0, selfMs: 0, criticalMs: 0 });

/** A path's key: one JSON pair per step, so no service or name can run into the next. */
const childKey = (parentKey: string, step: PathStep) => parentKey + JSON.stringify([step.service, step.name]);

const endUs = (span: TraceSpan) => span.startUs + span.durationMs * 1000;

/** The span's time, µs, not covered by any of its children (clipped to the span). */
export function selfTimeUs(span: TraceSpan, children: readonly TraceSpan[]): number {
  const [start, end] = [span.startUs, endUs(span)];
  const intervals = children
    .map((child) => [Math.max(start, child.startUs), Math.min(end, endUs(child))] as const)
    .filter(([from, to]) => to > from)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let reached = start;
  for (const [from, to] of intervals) {
    if (to <= reached) continue;
    covered += to - Math.max(from, reached);
    reached = to;
  }
  return Math.max(0, end - start - covered);
}

/** The trace's spans grouped by path, each path's times summed over its spans. */
export function pathTree(trace: Trace): PathTree {
  const byId = new Map(trace.spans.map((span) => [span.spanId, span]));
  const critical = new Map(criticalPath(trace).map((step) => [step.spanId, step.criticalMs]));
  const nodes = new Map<string, PathNode>();
  const roots: string[] = [];
  const keyOf = new Map<string, string>();
  // Spans come depth first (parents before children); children by start time.
  for (const span of trace.spans) {
    const parentKey = span.parentId === null ? undefined : keyOf.get(span.parentId);
    const step = { service: span.service, name: span.name };
    const key = childKey(parentKey ?? '', step);
    keyOf.set(span.spanId, key);
    let node = nodes.get(key);
    if (!node) {
      const parent = parentKey === undefined ? undefined : nodes.get(parentKey);
      node = { key, path: [...(parent?.path ?? []), step], children: [], spans: [], times: { ...NO_TIMES } };
      nodes.set(key, node);
      if (parent) parent.children.push(key);
      else roots.push(key);
    }
    const children = span.childIds.flatMap((id) => byId.get(id) ?? []);
    node.spans.push(span);
    node.times.count += 1;
    node.times.totalMs += span.durationMs;
    node.times.selfMs += selfTimeUs(span, children) / 1000;
    node.times.criticalMs += critical.get(span.spanId) ?? 0;
  }
  return { nodes, roots };
}

/** Every path of the trees, depth first: each tree's order, the paths of later trees after those of earlier ones. */
export function mergedPathOrder(trees: readonly PathTree[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const childrenOf = (key: string | null) => trees.flatMap((tree) => (key === null ? tree.roots : (tree.nodes.get(key)?.children ?? [])));
  const stack = [...new Set(childrenOf(null))].reverse();
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    order.push(key);
    stack.push(...[...new Set(childrenOf(key))].reverse());
  }
  return order;
}

/** The path of a key in whichever tree has it. */
export function pathOf(trees: readonly PathTree[], key: string): PathStep[] {
  for (const tree of trees) {
    const node = tree.nodes.get(key);
    if (node) return node.path;
  }
  return [];
}
