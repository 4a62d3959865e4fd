import { describe, expect, test } from 'vitest';
import { LABEL_CHARS, layoutMap, type LayoutEdge, type LayoutNode } from './map-layout.ts';

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutMap', () => {
  test('layers follow the flow: browser, then services, then vendors; a cycle does not loop', () => {
    const nodes: LayoutNode[] = ['browser:shop', 'service:web', 'service:orders', 'vendor:payments'].map((id) => ({
      id,
      label: id,
      entry: id.startsWith('browser'),
    }));
    const edges: LayoutEdge[] = [
      { source: 'browser:shop', target: 'service:web' },
      { source: 'service:web', target: 'service:orders' },
      { source: 'service:orders', target: 'vendor:payments' },
      { source: 'service:orders', target: 'service:web' },
    ];
    const layers = Object.fromEntries(layoutMap(nodes, edges).nodes.map((n) => [n.id, n.layer]));
    expect(layers).toEqual({ 'browser:shop': 0, 'service:web': 1, 'service:orders': 2, 'vendor:payments': 3 });
  });

  test('a 100-node map has no two boxes overlapping and every label fits its box', () => {
    const nodes: LayoutNode[] = [{ id: 'browser:storefront', label: 'storefront', entry: true }];
    const edges: LayoutEdge[] = [];
    for (let i = 0; i < 50; i++) {
      nodes.push({ id: `service:svc-${i}`, label: `a-rather-long-service-name-${i}` });
      edges.push({ source: i < 10 ? 'browser:storefront' : `service:svc-${i % 10}`, target: `service:svc-${i}` });
    }
    for (let v = 0; v < 49; v++) {
      nodes.push({ id: `vendor:v-${v}`, label: `vendor-${v}.example.com` });
      edges.push({ source: `service:svc-${v}`, target: `vendor:v-${v}` });
    }
    const layout = layoutMap(nodes, edges);
    expect(layout.nodes).toHaveLength(100);
    for (const a of layout.nodes) {
      expect(a.label.length).toBeLessThanOrEqual(LABEL_CHARS);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes) if (a !== b) expect(overlaps(a, b)).toBe(false);
    }
  });
});
