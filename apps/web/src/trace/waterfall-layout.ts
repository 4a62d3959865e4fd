// Waterfall maths, apart from rendering: the span tree in display order with depths and
// offsets on the trace's time axis, the critical path, and which rows a collapsed tree shows.
import { criticalPath } from '@flashlight/api';
import type { TraceSpan } from './trace-spans.ts';

export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** Index of the parent row, -1 for a root. */
  parentRow: number;
  /** Rows in this span's subtree, itself excluded. */
  descendants: number;
  childCount: number;
  /** Microseconds from the trace's first start. */
  offsetUs: number;
  /** On the critical path: the chain of work that bounded the trace's duration. */
  critical: boolean;
  /** Index into `services`, for the span's colour. */
  serviceIndex: number;
}

export interface WaterfallLayout {
  rows: WaterfallRow[];
  startUs: number;
  durationUs: number;
  services: string[];
}

const endOf = (span: TraceSpan): number => span.startUs + span.durationUs;
const byStart = (a: TraceSpan, b: TraceSpan): number => a.startUs - b.startUs || a.name.localeCompare(b.name);

/**
 * Spans in depth-first order, children by start time. A span whose parent is missing from
 * the trace (not yet arrived, or dropped) is shown as a root rather than hidden.
 */
export function layoutWaterfall(spans: readonly TraceSpan[]): WaterfallLayout {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of spans) {
    const parent = span.parentId !== null && span.parentId !== span.spanId ? byId.get(span.parentId) : undefined;
    if (parent) {
      const list = children.get(parent.spanId) ?? [];
      list.push(span);
      children.set(parent.spanId, list);
    } else {
      roots.push(span);
    }
  }
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);

  let startUs = spans.length ? Infinity : 0;
  let endUs = 0;
  for (const span of spans) {
    startUs = Math.min(startUs, span.startUs);
    endUs = Math.max(endUs, endOf(span));
  }
  const critical = criticalSpans(roots, children);
  const services: string[] = [];
  const serviceIndex = new Map<string, number>();
  const rows: WaterfallRow[] = [];
  const visited = new Set<string>();

  // An explicit stack rather than recursion: traces can be deep. Spans in a parent cycle
  // (hostile or broken data) have no root above them; they are laid out as roots after the rest.
  const unplaced = [...spans].sort(byStart);
  for (const start of [...roots, ...unplaced]) {
    if (visited.has(start.spanId)) continue;
    const stack = [{ span: start, depth: 0, parentRow: -1 }];
    while (stack.length > 0) {
      const { span, depth, parentRow } = stack.pop()!;
      if (visited.has(span.spanId)) continue;
      visited.add(span.spanId);
      if (!serviceIndex.has(span.service)) {
        serviceIndex.set(span.service, services.length);
        services.push(span.service);
      }
      const kids = children.get(span.spanId) ?? [];
      rows.push({
        span,
        depth,
        parentRow,
        descendants: 0,
        childCount: kids.length,
        offsetUs: span.startUs - startUs,
        critical: critical.has(span.spanId),
        serviceIndex: serviceIndex.get(span.service)!,
      });
      const row = rows.length - 1;
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], depth: depth + 1, parentRow: row });
    }
  }
  // Rows are in depth-first order, so walking backwards adds each subtree to its parent once.
  for (let i = rows.length - 1; i >= 0; i--) {
    const parent = rows[i].parentRow;
    if (parent >= 0) rows[parent].descendants += rows[i].descendants + 1;
  }
  return { rows, startUs, durationUs: endUs - startUs, services };
}

/** The critical path from the trace's root (a span with no parent, else the first orphan). */
function criticalSpans(roots: readonly TraceSpan[], children: ReadonlyMap<string, TraceSpan[]>): Set<string> {
  if (roots.length === 0) return new Set();
  const withEnd = (span: TraceSpan) => ({ span, spanId: span.spanId, startUs: span.startUs, endUs: endOf(span) });
  const root = roots.find((span) => span.parentId === null) ?? roots[0];
  const steps = criticalPath(withEnd(root), ({ span }) => (children.get(span.spanId) ?? []).map(withEnd));
  return new Set(steps.map((step) => step.span.spanId));
}

/** The rows shown when the subtrees under `collapsed` span ids are folded away. */
export function visibleRows(layout: WaterfallLayout, collapsed: ReadonlySet<string>): WaterfallRow[] {
  if (collapsed.size === 0) return layout.rows;
  const shown: WaterfallRow[] = [];
  for (let i = 0; i < layout.rows.length; i++) {
    const row = layout.rows[i];
    shown.push(row);
    if (collapsed.has(row.span.spanId)) i += row.descendants;
  }
  return shown;
}

/** A window onto the trace's time axis, in microseconds from its start. */
export type TimeView = readonly [number, number];

/**
 * Where a bar sits in the view, in percent of its width, clipped to it (null when outside).
 * A bar keeps a sliver of width however short its span, so every span stays visible.
 */
export function barInView(offsetUs: number, durationUs: number, view: TimeView): { left: number; width: number } | null {
  const [from, to] = view;
  const span = to - from || 1;
  if (offsetUs > to || offsetUs + durationUs < from) return null;
  const left = Math.max(0, ((offsetUs - from) / span) * 100);
  const right = Math.min(100, ((offsetUs + durationUs - from) / span) * 100);
  return { left, width: Math.max(0, right - left) };
}
