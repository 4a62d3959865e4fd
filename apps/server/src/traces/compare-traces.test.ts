import { describe, expect, it } from 'vitest';
import { compareTraces } from './compare-traces.ts';
import { attributeDifferences, isComparableField } from './compare-attributes.ts';
import { traceOf } from './compare-fixture.ts';

const label = (path: { name: string | null }[]) => path.map((s) => s.name).join(' > ');

// The same checkout before and after a deploy that added a fraud check and a third price call.
const before = traceOf('a', [
  ['r', null, 'web', 'POST /checkout', 0, 100, { 'http.route': '/checkout', 'user.id': 'u1', 'request.time': 5 }],
  ['o', 'r', 'orders', 'POST /orders', 5, 90, { 'service.version': '2.3.0', 'order.lines': 2 }],
  ['p1', 'o', 'orders', 'ecommerce price', 10, 10],
  ['p2', 'o', 'orders', 'ecommerce price', 20, 10],
  ['c', 'o', 'orders', 'payments charge', 40, 30, { 'vendor.outcome': 'ok', 'vendor.tracking': 'ab12cd34ef56ab12cd34' }],
]);
const after = traceOf('b', [
  ['r', null, 'web', 'POST /checkout', 0, 500, { 'http.route': '/checkout', 'user.id': 'u2', 'request.time': 9 }],
  ['o', 'r', 'orders', 'POST /orders', 5, 490, { 'service.version': '2.4.0', 'order.lines': 3 }],
  ['f', 'o', 'orders', 'fraud check', 6, 350],
  ['p1', 'o', 'orders', 'ecommerce price', 360, 10],
  ['p2', 'o', 'orders', 'ecommerce price', 370, 10],
  ['p3', 'o', 'orders', 'ecommerce price', 380, 10],
  ['c', 'o', 'orders', 'payments charge', 400, 30, { 'vendor.outcome': 'fallback', 'vendor.tracking': 'ffff0000ffff0000ffff' }],
]);

describe('compareTraces', () => {
  const comparison = compareTraces(before, after);

  it('aligns the paths, with the spans added or missing and the time each changed by', () => {
    expect(comparison.paths.map((p) => [label(p.path), p.a.count, p.b.count, p.added, p.missing, p.diffMs])).toEqual([
      ['POST /checkout', 1, 1, 0, 0, 400],
      ['POST /checkout > POST /orders', 1, 1, 0, 0, 400],
      ['POST /checkout > POST /orders > ecommerce price', 2, 3, 1, 0, 10],
      ['POST /checkout > POST /orders > payments charge', 1, 1, 0, 0, 0],
      ['POST /checkout > POST /orders > fraud check', 0, 1, 1, 0, 350],
    ]);
    const reversed = compareTraces(after, before).paths.find((p) => label(p.path).endsWith('fraud check'))!;
    expect([reversed.added, reversed.missing, reversed.diffMs]).toEqual([0, 1, -350]);
  });

  it('says where the critical paths part, the largest difference first', () => {
    expect(comparison.critical.differences.map((d) => [label(d.path), d.aMs, d.bMs])[0]).toEqual(['POST /checkout > POST /orders > fraud check', 0, 350]);
    expect(comparison.critical.b.map((s) => s.spanId)).toEqual(['r', 'o', 'f', 'p1', 'p2', 'p3', 'c']);
  });

  it('lists the fields that differ, those on the paths that slowed most first, without ids or times', () => {
    expect(comparison.attributes.map((a) => [a.field, a.a, a.b])).toEqual([
      ['order.lines', ['2'], ['3']],
      ['service.version', ['2.3.0'], ['2.4.0']],
      ['vendor.outcome', ['ok'], ['fallback']],
    ]);
    expect(comparison.attributes[1].paths.map(label)).toEqual(['POST /checkout > POST /orders']);
    expect(comparison.attributesOmitted).toBe(0);
  });

  it('compares a trace with itself as the same everywhere', () => {
    const same = compareTraces(before, before);
    expect(same.paths.every((p) => p.diffMs === 0 && p.added === 0 && p.missing === 0)).toBe(true);
    expect(same.critical.differences).toEqual([]);
    expect(same.attributes).toEqual([]);
  });
});

describe('attributeDifferences', () => {
  it('keeps the most relevant few and counts the rest', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, i]));
    const other = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, i + 1]));
    const [a, b] = [traceOf('a', [['r', null, 's', 'n', 0, 1, many]]), traceOf('b', [['r', null, 's', 'n', 0, 1, other]])];
    const { attributes, omitted } = attributeDifferences([{ path: [], a: a.spans, b: b.spans, diffMs: 0 }], 20);
    expect([attributes.length, omitted]).toEqual([20, 10]);
  });

  it.each([
    ['trace.parent_id', false],
    ['user.id', false],
    ['order_id', false],
    ['request_uuid', false],
    ['timestamp', false],
    ['created_at', false],
    ['duration_ms', false],
    ['service.version', true],
    ['vendor.outcome', true],
    ['http.route', true],
    ['format', true],
  ] as const)('%s is compared: %s', (field, comparable) => {
    expect(isComparableField(field)).toBe(comparable);
  });
});
