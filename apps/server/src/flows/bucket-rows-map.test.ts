// The map's rules, from rows as the map statement gives them: which node a target is, who
// carries which load, and that rows summed per bucket and per step (GROUPING SETS) give the
// same map as rows per bucket and step.
import { describe, expect, test } from 'vitest';
import { shapeBucketRows, type MapRow } from './bucket-rows-map.ts';
import type { FlowScope } from './flow-scope.ts';

const scope: FlowScope = { environment: 'e', tables: [], fields: new Map(), startUs: 0, endUs: 60e6, traceFilter: null, nowUs: 60e6 };

/** A row of one latency bucket `b` (ms-sized largest duration `mx`) in series step `g`. */
const row = (
  role: string,
  src: string,
  dst: string | null,
  b: number,
  g: number,
  n: number,
  e = 0,
  kinds: [string, string | null] = ['service', 'peer'],
): MapRow => ({ role, src_kind: kinds[0], src, dst_kind: dst === null ? null : kinds[1], dst, b, g, n, e, mx: b, ex: `t-${src}` }) as MapRow;

/** The same rows summed per bucket (g NULL) and per step (b NULL), as GROUPING SETS gives them. */
function summedPerBucketAndStep(rows: readonly MapRow[]): MapRow[] {
  const sums = new Map<string, MapRow>();
  for (const r of rows) {
    for (const [b, g] of [
      [r.b, null],
      [null, r.g],
    ]) {
      const key = JSON.stringify([r.role, r.src, r.dst, b, g]);
      const known = sums.get(key);
      sums.set(key, known ? { ...known, n: Number(known.n) + Number(r.n), e: Number(known.e) + Number(r.e) } : { ...r, b, g });
    }
  }
  return [...sums.values()];
}

const rows = [
  row('node', 'checkout', null, 10, 0, 4),
  row('node', 'tax', null, 5, 0, 2),
  row('serves', 'tax', 'tax.internal:8080', 0, 0, 1),
  row('serves', 'a', 'shared:80', 0, 0, 1),
  row('serves', 'b', 'shared:80', 0, 0, 1),
  // Named like a service, served by exactly one, served by two, and a vendor.
  row('call', 'checkout', 'tax', 7, 0, 1, 1),
  row('call', 'checkout', 'tax.internal:8080', 8, 30e6, 1),
  row('call', 'checkout', 'shared:80', 9, 30e6, 3),
  row('call', 'checkout', 'payments', 12, 0, 2, 1, ['service', 'vendor']),
  row('call', 'checkout', 'payments', 14, 30e6, 2, 0, ['service', 'vendor']),
];

describe('the service map from its rows', () => {
  const map = shapeBucketRows(rows, scope);

  test('a peer named like a service, or a host exactly one service serves, is that service; a host two serve stays a peer', () => {
    expect(map.edges.map((edge) => [edge.id, edge.stats.requests])).toEqual([
      ['service:checkout->peer:shared:80', 3],
      ['service:checkout->service:tax', 2],
      ['service:checkout->vendor:payments', 4],
    ]);
  });

  test('uninstrumented peers and vendors carry the load that reaches them; services only their own', () => {
    const nodes = Object.fromEntries(map.nodes.map((node) => [node.id, node.stats.requests]));
    expect(nodes).toEqual({ 'peer:shared:80': 3, 'service:checkout': 4, 'service:tax': 2, 'vendor:payments': 4 });
  });

  test('percentiles come from the buckets, the series from the steps', () => {
    const payments = map.edges.find((edge) => edge.id === 'service:checkout->vendor:payments')!;
    expect([payments.stats.p50Ms, payments.stats.p99Ms, payments.stats.errors]).toEqual([12, 14, 1]);
    expect(payments.series.filter((point) => point.requests > 0).map((point) => [point.time, point.requests])).toEqual([
      [0, 2],
      [30, 2],
    ]);
  });

  test('rows summed per bucket and per step give the same map', () => {
    expect(shapeBucketRows(summedPerBucketAndStep(rows), scope)).toEqual(map);
  });
});
