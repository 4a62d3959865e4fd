// Where each node of the service map sits: layers from left to right along the flow
// (browser first, then what it calls, down to vendors), nodes in a layer ordered to keep
// edges short, and every box sized so that no two overlap and each label fits its box.
// Pure geometry; the page draws it.

export interface LayoutNode {
  id: string;
  label: string;
  /** Drawn first (leftmost) when nothing calls it: the browser. */
  entry?: boolean;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface PlacedNode {
  id: string;
  layer: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The label as drawn, shortened with an ellipsis to fit the box. */
  label: string;
}

export interface MapLayout {
  nodes: PlacedNode[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 176;
export const NODE_HEIGHT = 34;
/** Room between layers for the edges and their sparklines. */
const LAYER_GAP = 84;
const ROW_GAP = 14;
const MARGIN = 20;
/** Label characters that fit a box at the map's font size (monospace 11px ≈ 6.7px each). */
export const LABEL_CHARS = 23;

export function fitLabel(label: string): string {
  return label.length <= LABEL_CHARS ? label : label.slice(0, LABEL_CHARS - 1) + '…';
}

/** Longest-path layers from the entries; edges that close a cycle are ignored for layering. */
function assignLayers(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, number> {
  const outgoing = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const incoming = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const e of edges) {
    if (e.source === e.target || !outgoing.has(e.source) || !outgoing.has(e.target)) continue;
    outgoing.get(e.source)!.push(e.target);
    incoming.set(e.target, incoming.get(e.target)! + 1);
  }
  const layer = new Map<string, number>();
  const state = new Map<string, 'visiting' | 'done'>();
  // Depth-first from each entry (then from whatever is left), so cycles end where they began.
  const starts = [...nodes].sort((a, b) => Number(!!b.entry) - Number(!!a.entry) || incoming.get(a.id)! - incoming.get(b.id)! || a.id.localeCompare(b.id));
  const order: string[] = [];
  const back = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 'visiting');
    for (const next of outgoing.get(id)!) {
      if (state.get(next) === 'visiting') back.add(`${id}\n${next}`);
      else if (!state.has(next)) visit(next);
    }
    state.set(id, 'done');
    order.push(id);
  };
  for (const n of starts) if (!state.has(n.id)) visit(n.id);
  for (const id of order.reverse()) {
    const here = layer.get(id) ?? 0;
    layer.set(id, here);
    for (const next of outgoing.get(id)!) {
      if (!back.has(`${id}\n${next}`)) layer.set(next, Math.max(layer.get(next) ?? 0, here + 1));
    }
  }
  return layer;
}

export function layoutMap(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): MapLayout {
  const layerOf = assignLayers(nodes, edges);
  const layers: string[][] = [];
  for (const n of [...nodes].sort((a, b) => a.id.localeCompare(b.id))) (layers[layerOf.get(n.id)!] ??= []).push(n.id);
  // Order each layer by the mean position of its callers (barycentre), a sweep from the left.
  const position = new Map<string, number>();
  const callers = new Map<string, string[]>();
  for (const e of edges) (callers.get(e.target) ?? callers.set(e.target, []).get(e.target)!).push(e.source);
  layers.forEach((ids, l) => {
    if (l > 0) {
      const weight = (id: string) => {
        const known = (callers.get(id) ?? []).filter((c) => position.has(c) && layerOf.get(c)! < l).map((c) => position.get(c)!);
        return known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : Infinity;
      };
      ids.sort((a, b) => weight(a) - weight(b) || a.localeCompare(b));
    }
    ids.forEach((id, i) => position.set(id, i));
  });
  const tallest = Math.max(0, ...layers.map((ids) => ids?.length ?? 0));
  const height = MARGIN * 2 + tallest * NODE_HEIGHT + Math.max(0, tallest - 1) * ROW_GAP;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed: PlacedNode[] = layers.flatMap((ids, l) => {
    const column = ids ?? [];
    // Each layer is centred vertically.
    const top = MARGIN + ((tallest - column.length) * (NODE_HEIGHT + ROW_GAP)) / 2;
    return column.map((id, i) => ({
      id,
      layer: l,
      x: MARGIN + l * (NODE_WIDTH + LAYER_GAP),
      y: top + i * (NODE_HEIGHT + ROW_GAP),
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      label: fitLabel(byId.get(id)!.label),
    }));
  });
  return { nodes: placed, width: MARGIN * 2 + layers.length * NODE_WIDTH + Math.max(0, layers.length - 1) * LAYER_GAP, height };
}
