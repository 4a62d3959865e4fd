import { describe, expect, it } from 'vitest';
import { mergedPathOrder, pathTree, selfTimeUs } from './compare-paths.ts';
import { criticalPath } from './compare-critical-path.ts';
import { traceOf, type SpanLine } from './compare-fixture.ts';

const names = (path: { service: string | null; name: string | null }[]) => path.map((s) => `${s.service}:${s.name}`).join(' > ');

describe('selfTimeUs', () => {
  const span = traceOf('t', [['p', null, 'web', 'GET /', 0, 100]]).spans[0];
  const child = (start: number, duration: number) => ({ ...span, spanId: `c${start}`, startUs: span.startUs + start * 1000, durationMs: duration });
  it.each([
    ['no children', [], 100],
    ['one child inside', [[10, 20]], 80],
    [
      'overlapping children count once',
      [
        [10, 30],
        [20, 30],
      ],
      60,
    ],
    ['a child beyond the end is clipped', [[90, 50]], 90],
    ['a child before the start is clipped', [[-20, 30]], 90],
    [
      'children covering everything',
      [
        [0, 60],
        [50, 50],
      ],
      0,
    ],
  ] as const)('%s', (_, children, selfMs) => {
    expect(
      selfTimeUs(
        span,
        children.map(([start, duration]) => child(start, duration)),
      ) / 1000,
    ).toBe(selfMs);
  });
});

describe('pathTree', () => {
  const lines: SpanLine[] = [
    ['r', null, 'web', 'POST /checkout', 0, 100],
    ['o', 'r', 'orders', 'POST /orders', 5, 90],
    ['p1', 'o', 'orders', 'ecommerce price', 10, 10],
    ['p2', 'o', 'orders', 'ecommerce price', 20, 10],
    ['v1', 'p1', 'vendors', 'POST /price', 11, 8],
    ['c', 'o', 'orders', 'payments charge', 40, 30],
    // The same name under another parent is another path.
    ['x', 'r', 'web', 'ecommerce price', 96, 2],
  ];
  const tree = pathTree(traceOf('t', lines));
  const rows = [...tree.nodes.values()].map((n) => [names(n.path), n.times.count, n.times.totalMs, n.times.selfMs]);

  it('groups spans by (service, name) path from the root, summing counts and times', () => {
    expect(rows).toEqual([
      ['web:POST /checkout', 1, 100, 8],
      ['web:POST /checkout > orders:POST /orders', 1, 90, 40],
      ['web:POST /checkout > orders:POST /orders > orders:ecommerce price', 2, 20, 12],
      ['web:POST /checkout > orders:POST /orders > orders:ecommerce price > vendors:POST /price', 1, 8, 8],
      ['web:POST /checkout > orders:POST /orders > orders:payments charge', 1, 30, 30],
      ['web:POST /checkout > web:ecommerce price', 1, 2, 2],
    ]);
    expect(tree.roots).toHaveLength(1);
  });

  it('gives each path its share of the critical path, which adds up to the root', () => {
    const critical = [...tree.nodes.values()].map((n) => n.times.criticalMs);
    expect(critical).toEqual([8, 40, 12, 8, 30, 2]);
    expect(critical.reduce((sum, ms) => sum + ms, 0)).toBe(100);
  });

  it('keys paths so that no service or name runs into the next step', () => {
    const a = pathTree(traceOf('a', [['r', null, 'x', 'a b', 0, 1]]));
    const b = pathTree(traceOf('b', [['r', null, 'x a', 'b', 0, 1]]));
    expect(a.roots[0]).not.toBe(b.roots[0]);
  });
});

describe('criticalPath', () => {
  it.each([
    ['a lone root', [['r', null, 's', 'r', 0, 50]], [['r', 50]]],
    [
      'sequential children: each is on the path, with the gaps the parent own',
      [
        ['r', null, 's', 'r', 0, 100],
        ['a', 'r', 's', 'a', 10, 30],
        ['b', 'r', 's', 'b', 50, 40],
      ],
      [
        ['r', 30],
        ['a', 30],
        ['b', 40],
      ],
    ],
    [
      'parallel children: the one that ended last bounds the parent',
      [
        ['r', null, 's', 'r', 0, 100],
        ['a', 'r', 's', 'a', 0, 90],
        ['b', 'r', 's', 'b', 0, 50],
      ],
      [
        ['r', 10],
        ['a', 90],
      ],
    ],
    [
      'a child that outlives its parent is cut at the parent’s end',
      [
        ['r', null, 's', 'r', 0, 100],
        ['a', 'r', 's', 'a', 60, 100],
      ],
      [
        ['r', 60],
        ['a', 40],
      ],
    ],
  ] as [string, SpanLine[], [string, number][]][])('%s', (_, lines, expected) => {
    expect(criticalPath(traceOf('t', lines)).map((s) => [s.spanId, s.criticalMs])).toEqual(expected);
  });

  it('survives spans whose parents form a cycle', () => {
    const trace = traceOf('t', [
      ['a', 'b', 's', 'a', 0, 10],
      ['b', 'a', 's', 'b', 1, 5],
    ]);
    expect(criticalPath(trace).map((s) => s.spanId)).toContain(trace.summary.rootSpanId);
  });
});

describe('mergedPathOrder', () => {
  it("keeps the first tree's order and puts the other trees' new paths after their siblings", () => {
    const a = pathTree(
      traceOf('a', [
        ['r', null, 'web', 'GET', 0, 10],
        ['x', 'r', 'web', 'x', 1, 1],
      ]),
    );
    const b = pathTree(
      traceOf('b', [
        ['r', null, 'web', 'GET', 0, 10],
        ['y', 'r', 'web', 'y', 0, 1],
        ['y2', 'y', 'web', 'z', 0, 1],
        ['x', 'r', 'web', 'x', 2, 1],
      ]),
    );
    const order = mergedPathOrder([a, b]).map((key) => names((a.nodes.get(key) ?? b.nodes.get(key))!.path));
    expect(order).toEqual(['web:GET', 'web:GET > web:x', 'web:GET > web:y', 'web:GET > web:y > web:z']);
  });
});
