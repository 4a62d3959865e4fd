// Finding spans in a trace by text: a span matches when its name, its service, or any of its
// fields' names or values contains the text, ignoring case.
import type { TraceSpan } from './trace-spans.ts';
import type { WaterfallLayout } from './waterfall-layout.ts';

export function spanMatches(span: TraceSpan, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return false;
  if (span.name.toLowerCase().includes(needle) || span.service.toLowerCase().includes(needle)) return true;
  return Object.entries(span.fields).some(([name, value]) => name.toLowerCase().includes(needle) || String(value).toLowerCase().includes(needle));
}

/** Ids of the matching spans, in waterfall order. */
export function findSpans(layout: WaterfallLayout, text: string): string[] {
  return layout.rows.filter((row) => spanMatches(row.span, text)).map((row) => row.span.spanId);
}

/** The span ids above a span in the tree: what must be expanded to show it. */
export function ancestorsOf(layout: WaterfallLayout, spanId: string): string[] {
  const ancestors: string[] = [];
  let row = layout.rows.findIndex((r) => r.span.spanId === spanId);
  while (row >= 0 && layout.rows[row].parentRow >= 0) {
    row = layout.rows[row].parentRow;
    ancestors.push(layout.rows[row].span.spanId);
  }
  return ancestors;
}
