import { describe, expect, it } from 'vitest';
import { comparePeerPaths, formatMs, nearestRank } from './compare-peer-paths.ts';
import { traceOf, type SpanLine } from './compare-fixture.ts';

const label = (path: { name: string | null }[]) => path.map((s) => s.name).join(' > ');

/** A checkout with `prices` sequential price calls of 10 ms, `fraudMs` of fraud check first, and a charge of `chargeMs`. */
function checkout(id: string, prices: number, { fraudMs = 0, chargeMs = 30 } = {}) {
  const lines: SpanLine[] = [];
  let at = 10;
  if (fraudMs > 0) {
    lines.push(['f', 'o', 'orders', 'fraud check', at, fraudMs]);
    at += fraudMs;
  }
  for (let i = 0; i < prices; i++, at += 10) {
    lines.push([`p${i}`, 'o', 'orders', 'ecommerce price', at, 10]);
    lines.push([`v${i}`, `p${i}`, 'vendors', 'POST /price', at + 1, 8]);
  }
  lines.push(['c', 'o', 'orders', 'payments charge', at, chargeMs]);
  at += chargeMs;
  return traceOf(id, [['r', null, 'web', 'POST /checkout', 0, at + 10], ['o', 'r', 'orders', 'POST /orders', 5, at], ...lines]);
}

const peers = Array.from({ length: 20 }, (_, i) => checkout(`peer${i}`, 2 + (i % 3), { fraudMs: i === 0 ? 300 : 0 }));

describe('nearestRank', () => {
  it.each([
    [[], 0.5, 0],
    [[5], 0.95, 5],
    [[1, 2, 3, 4], 0.5, 2],
    [[4, 3, 2, 1], 0.95, 4],
    [[0, 0, 0, 10], 0.5, 0],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.95, 95],
  ] as const)('%j at %d is %d', (values, fraction, expected) => {
    expect(nearestRank(values, fraction)).toBe(expected);
  });
});

describe('comparePeerPaths', () => {
  it('names the call that ran many more times than in the peers, not the spans under or above it', () => {
    const { paths, ranking } = comparePeerPaths(checkout('slow', 40), peers);
    const top = paths[ranking[0].path];
    expect(label(top.path)).toBe('POST /checkout > POST /orders > ecommerce price');
    expect(ranking[0].text).toBe('`ecommerce price` ran 40 times (400 ms); peers: 3 (P50), 4 (P95), in 100% of them');
    const vendor = paths.find((p) => label(p.path).endsWith('POST /price'))!;
    expect(vendor.explainedBy).toBe(ranking[0].path);
    expect(ranking.map((r) => label(paths[r.path].path))).not.toContain('POST /checkout > POST /orders');
  });

  it('names a span the peers rarely have', () => {
    const { paths, ranking } = comparePeerPaths(checkout('deploy', 3, { fraudMs: 350 }), peers);
    expect(label(paths[ranking[0].path].path)).toBe('POST /checkout > POST /orders > fraud check');
    expect(ranking[0].scoreMs).toBe(350);
    expect(paths[ranking[0].path].peers.share).toBe(0.05);
  });

  it("names a slower call by its own time, when it ran as often as the peers'", () => {
    const { paths, ranking } = comparePeerPaths(checkout('charge', 3, { chargeMs: 900 }), peers);
    expect(label(paths[ranking[0].path].path)).toBe('POST /checkout > POST /orders > payments charge');
    expect(ranking[0].text).toBe('`payments charge` took 900 ms of its own; peers: 30 ms (P50), 30 ms (P95)');
  });

  it('lists the paths only the peers have, with this trace at zero', () => {
    const { paths } = comparePeerPaths(checkout('plain', 3), peers);
    const fraud = paths.find((p) => label(p.path).endsWith('fraud check'))!;
    expect(fraud.trace.count).toBe(0);
    expect(fraud.peers.count).toEqual({ p50: 0, p95: 0 });
    expect(fraud.peers.totalMs.p95).toBe(0);
  });

  it('answers without peers', () => {
    const { paths, ranking } = comparePeerPaths(checkout('alone', 1), []);
    expect(paths[0].peers).toEqual({ share: 0, count: { p50: 0, p95: 0 }, totalMs: { p50: 0, p95: 0 }, selfMs: { p50: 0, p95: 0 } });
    expect(ranking.every((entry) => entry.scoreMs === paths[entry.path].trace.selfMs)).toBe(true);
  });

  it('measures a step few peers took against those that took it: a checkout among clicks', () => {
    const click = (id: string, child: SpanLine[]) => traceOf(id, [['c', null, 'storefront', 'click', 0, 500], ...child]);
    const productClick = (id: string) => click(id, [['g', 'c', 'web', 'GET /api/products/:id', 1, 20]]);
    const checkoutClick = (id: string, prices: number) => {
      const calls: SpanLine[] = Array.from({ length: prices }, (_, i) => [`p${i}`, 'o', 'orders', 'ecommerce price', 10 + i * 10, 10]);
      return click(id, [['w', 'c', 'web', 'POST /api/checkout', 1, 20 + prices * 10], ['o', 'w', 'orders', 'POST /orders', 5, 10 + prices * 10], ...calls]);
    };
    const clicks = [...Array.from({ length: 17 }, (_, i) => productClick(`g${i}`)), ...[2, 3, 2].map((n, i) => checkoutClick(`k${i}`, n))];
    const { paths, ranking } = comparePeerPaths(checkoutClick('big', 40), clicks);
    expect(label(paths[ranking[0].path].path)).toBe('click > POST /api/checkout > POST /orders > ecommerce price');
    expect(ranking[0].text).toMatch(/^`ecommerce price` ran 40 times \(400 ms\); peers: 2 \(P50\), 3 \(P95\), in 100% of them$/);
  });
});

describe('formatMs', () => {
  it.each([
    [0, '0 ms'],
    [0.25, '0.3 ms'],
    [12.4, '12 ms'],
    [999, '999 ms'],
    [1500, '1.5 s'],
    [-350, '-350 ms'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});
