// The service map shaped from the map statement's rows (role, source, target, with latency
// bucket `b` and series step `g`; mapCells sums them per bucket and per step where it can):
// the one place that says which node a target is and who carries which load. A peer named
// like a service, or a host that exactly one service serves, is that service, so a call
// whose context was lost still shows where it went; uninstrumented peers and queues carry
// the load that reaches them; every end of an edge is a node.
import type { FlowScope } from './flow-scope.ts';
import { FlowTally } from './flow-stats.ts';
import { mapOf, type EdgeKind, type NodeKind, type ServiceMap } from './service-map.ts';
import { addToStep, denseSeries, rateOver, type StepSums } from './map-series.ts';

export interface MapRow {
  role: string;
  src_kind: NodeKind;
  src: string;
  dst_kind: NodeKind | null;
  dst: string | null;
  /** The latency bucket, NULL on a row summed per series step. */
  b: unknown;
  /** The series step the rows' spans start in, µs; NULL on a row summed per latency bucket. */
  g: unknown;
  n: unknown;
  e: unknown;
  mx: unknown;
  ex: unknown;
}

export function shapeBucketRows(rows: readonly MapRow[], scope: FlowScope): ServiceMap {
  const services = new Map<string, NodeKind>();
  const servers = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.role === 'node') services.set(row.src, row.src_kind);
    if (row.role === 'serves') servers.set(row.dst!, (servers.get(row.dst!) ?? new Set()).add(row.src));
  }
  const nodeOf = (kind: NodeKind, name: string): { kind: NodeKind; name: string } => {
    if (kind !== 'peer') return { kind, name };
    if (services.has(name)) return { kind: services.get(name)!, name };
    const served = servers.get(name);
    return served?.size === 1 ? { kind: 'service', name: [...served][0] } : { kind, name };
  };
  const nodeTallies = new Map<string, { kind: NodeKind; name: string; tally: FlowTally }>();
  const edgeTallies = new Map<string, { kind: EdgeKind; source: string; target: string; tally: FlowTally; steps: StepSums }>();
  const nodeEntry = (node: { kind: NodeKind; name: string }) => {
    const key = `${node.kind}:${node.name}`;
    let entry = nodeTallies.get(key);
    if (!entry) nodeTallies.set(key, (entry = { ...node, tally: new FlowTally() }));
    return { key, entry };
  };
  const known = (value: unknown) => value !== null && value !== undefined;
  for (const row of rows) {
    if (row.role === 'serves') continue;
    const [bucketed, stepped] = [known(row.b), known(row.g)];
    const source = nodeEntry(nodeOf(row.src_kind, row.src));
    if (row.role === 'node') {
      if (bucketed) source.entry.tally.add(row);
      continue;
    }
    const target = nodeEntry(nodeOf(row.dst_kind!, row.dst!));
    // Uninstrumented peers and queues have no spans of their own: what reaches them is their load.
    if (bucketed && target.entry.kind !== 'service' && target.entry.kind !== 'browser') target.entry.tally.add(row);
    const edgeKey = `${source.key}->${target.key}`;
    let edge = edgeTallies.get(edgeKey);
    if (!edge)
      edgeTallies.set(edgeKey, (edge = { kind: row.role as EdgeKind, source: source.key, target: target.key, tally: new FlowTally(), steps: new Map() }));
    if (bucketed) edge.tally.add(row);
    if (stepped) addToStep(edge.steps, Number(row.g), Number(row.n), Number(row.e));
  }
  const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
  return mapOf(
    scope,
    [...nodeTallies.entries()].map(([id, { kind, name, tally }]) => ({ id, kind, name, stats: tally.stats((n) => rateOver(n, scope)) })).sort(byId),
    [...edgeTallies.entries()]
      .map(([id, { kind, source, target, tally, steps }]) => ({
        id,
        kind,
        source,
        target,
        stats: tally.stats((n) => rateOver(n, scope)),
        series: denseSeries(steps, scope),
      }))
      .sort(byId),
  );
}
