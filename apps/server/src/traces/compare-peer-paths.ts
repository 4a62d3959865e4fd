// One trace against its peers, path by path: the trace's count and times beside the
// peers' P50 and P95 (a peer without the path counts 0), and a ranking of the paths by how
// much of the difference each explains. A path that ran more (or fewer) times than the
// peers' median explains all of its extra time, and its descendants' with it: they ran
// more because it did. Any other path explains only the change in its own time, not its
// children's, so a slow call is named, not every span above it. A path is measured against
// the peers that reached its parent, and a step most of them never took (a checkout among
// clicks, a new fraud check) is judged by its own time, its descendants against the few
// peers that took it. Pure.
import type { PeerExplanation, PeerPath, PeerSpread, Trace } from '@flashlight/api';
import { mergedPathOrder, NO_TIMES, pathTree, type PathTree } from './compare-paths.ts';

/** Paths named in the ranking. */
const RANKED = 10;

/** The smallest value with at least the fraction of the values at or below it (nearest rank, as the query engine's percentiles). */
export function nearestRank(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

const spread = (values: readonly number[]): PeerSpread => ({ p50: nearestRank(values, 0.5), p95: nearestRank(values, 0.95) });

export function formatMs(ms: number): string {
  const size = Math.abs(ms);
  if (size >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  if (size >= 10 || size === 0) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

const times = (n: number) => `${n} ${n === 1 ? 'time' : 'times'}`;

/** The sentence that says why a path ranks where it does. */
export function explain(path: PeerPath, countChanged: boolean): string {
  const last = path.path[path.path.length - 1];
  const label = `\`${last?.name ?? last?.service ?? '(unnamed)'}\``;
  const { trace, peers } = path;
  if (countChanged) {
    return (
      `${label} ran ${times(trace.count)} (${formatMs(trace.totalMs)}); peers: ${peers.count.p50} (P50), ${peers.count.p95} (P95), ` +
      `in ${Math.round(peers.share * 100)}% of them`
    );
  }
  return `${label} took ${formatMs(trace.selfMs)} of its own; peers: ${formatMs(peers.selfMs.p50)} (P50), ${formatMs(peers.selfMs.p95)} (P95)`;
}

export function comparePeerPaths(trace: Trace, peers: readonly Trace[]): { paths: PeerPath[]; ranking: PeerExplanation[] } {
  const own = pathTree(trace);
  const peerTrees = peers.map(pathTree);
  const keys = mergedPathOrder([own, ...peerTrees]);
  const parentOf = new Map<string, string>();
  for (const tree of [own, ...peerTrees]) for (const node of tree.nodes.values()) for (const child of node.children) parentOf.set(child, node.key);
  const indexOf = new Map(keys.map((key, i) => [key, i]));

  const countChanged: boolean[] = [];
  /** A path most of the peers lack, which this trace has: another kind of request, or a new step. */
  const rare: boolean[] = [];
  const paths: PeerPath[] = [];
  keys.forEach((key, i) => {
    const mine = own.nodes.get(key)?.times ?? NO_TIMES;
    const parent = parentOf.get(key);
    // A path is measured against the peers that reached its parent: below a step few peers
    // took, the others say nothing about what that step did.
    const reached = parent === undefined ? peerTrees : peerTrees.filter((tree) => tree.nodes.has(parent));
    const theirs = reached.map((tree: PathTree) => tree.nodes.get(key)?.times ?? NO_TIMES);
    const counts = theirs.map((t) => t.count);
    const path = {
      path: (own.nodes.get(key) ?? peerTrees.find((tree) => tree.nodes.has(key))!.nodes.get(key)!).path,
      trace: mine,
      peers: {
        share: theirs.length === 0 ? 0 : counts.filter((n) => n > 0).length / theirs.length,
        count: spread(counts),
        totalMs: spread(theirs.map((t) => t.totalMs)),
        selfMs: spread(theirs.map((t) => t.selfMs)),
      },
      scoreMs: 0,
      explainedBy: null as number | null,
    };
    countChanged[i] = mine.count !== path.peers.count.p50;
    rare[i] = mine.count > 0 && path.peers.count.p50 === 0;
    // Parents come first, so the parent's own explanation is known: the topmost changed count
    // explains the rest, unless it is a rare step, whose descendants are measured against the few peers that took it.
    const p = parent === undefined ? undefined : indexOf.get(parent);
    if (p !== undefined) path.explainedBy = paths[p].explainedBy ?? (countChanged[p] && !rare[p] ? p : null);
    if (path.explainedBy === null) {
      path.scoreMs = countChanged[i] && !rare[i] ? mine.totalMs - path.peers.totalMs.p50 : mine.selfMs - path.peers.selfMs.p50;
    }
    paths.push(path);
  });
  // The paths that explain the difference are those that moved the way the trace did: slower ones when it is slower.
  const direction =
    trace.summary.durationMs >=
    nearestRank(
      peers.map((peer) => peer.summary.durationMs),
      0.5,
    )
      ? 1
      : -1;
  const ranking = paths
    .map((path, i) => ({ path: i, scoreMs: path.scoreMs, text: explain(path, countChanged[i]) }))
    .filter((entry) => entry.scoreMs * direction > 0)
    .sort((x, y) => (y.scoreMs - x.scoreMs) * direction)
    .slice(0, RANKED);
  return { paths, ranking };
}
