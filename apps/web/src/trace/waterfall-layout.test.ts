import { describe, expect, it } from 'vitest';
import { buildTrace, type TraceEvent } from '@flashlight/server/testing';
import { formatDurationUs, spansFromTrace, type TraceSpan } from './trace-spans.ts';
import { barInView, layoutWaterfall, visibleRows } from './waterfall-layout.ts';

// A checkout request as stored: browser → web → cart, payments (a vendor call that failed,
// with an exception span event), and a late queue span whose parent never arrived. It goes
// through the server's own trace assembly, so the facade is tested against the real wire shape.
const T0 = Date.parse('2026-11-27T10:00:00Z') * 1000;
const span = (id: string, parent: string | null, name: string, service: string, atMs: number, durationMs: number, extra = {}): TraceEvent => ({
  dataset: service,
  timeUs: T0 + atMs * 1000,
  fields: {
    'trace.trace_id': 't1',
    'trace.span_id': id,
    ...(parent ? { 'trace.parent_id': parent } : {}),
    name,
    'service.name': service,
    duration_ms: durationMs,
    ...extra,
  },
});
const events: TraceEvent[] = [
  span('a', null, 'click checkout', 'browser', 0, 100),
  span('b', 'a', 'POST /checkout', 'web', 5, 90),
  span('d', 'b', 'charge', 'payments', 40, 50, { error: true }),
  span('c', 'b', 'load cart', 'cart', 10, 20),
  span('e', 'b', 'audit', 'web', 12, 5),
  {
    dataset: 'payments',
    timeUs: T0 + 89_500,
    fields: { 'trace.trace_id': 't1', 'trace.parent_id': 'd', 'meta.annotation_type': 'span_event', name: 'exception', 'exception.message': 'card declined' },
  },
  span('x', 'missing', 'orphan', 'queue', 120, 1),
];
const spans = spansFromTrace(buildTrace('t1', events)!);

describe('spansFromTrace', () => {
  it('attaches span events to their span as markers and flags errors', () => {
    expect(spans).toHaveLength(6);
    const charge = spans.find((s) => s.spanId === 'd')!;
    expect(charge.error).toBe(true);
    expect(charge.durationUs).toBe(50_000);
    expect(charge.markers.map((m) => [m.name, m.kind, m.timeUs - T0, m.fields['exception.message']])).toEqual([
      ['exception', 'span_event', 89_500, 'card declined'],
    ]);
    expect(spans.filter((s) => s.parentMissing).map((s) => s.name)).toEqual(['orphan']);
  });
});

describe('layoutWaterfall', () => {
  const layout = layoutWaterfall(spans);

  it('orders spans depth-first, children by start, orphans as roots after', () => {
    expect(layout.rows.map((r) => `${'  '.repeat(r.depth)}${r.span.name}`)).toEqual([
      'click checkout',
      '  POST /checkout',
      '    load cart',
      '    audit',
      '    charge',
      'orphan',
    ]);
    expect(layout.rows.map((r) => r.descendants)).toEqual([4, 3, 0, 0, 0, 0]);
  });

  it('places bars on the trace time axis', () => {
    expect(layout.durationUs).toBe(121_000);
    expect(layout.rows.map((r) => r.offsetUs)).toEqual([0, 5_000, 10_000, 12_000, 40_000, 120_000]);
    expect(layout.services).toEqual(['browser', 'web', 'cart', 'payments', 'queue']);
  });

  it('marks the critical path: what the request was waiting on', () => {
    expect(layout.rows.filter((r) => r.critical).map((r) => r.span.name)).toEqual(['click checkout', 'POST /checkout', 'load cart', 'charge']);
  });

  it('folds collapsed subtrees away', () => {
    expect(visibleRows(layout, new Set(['b'])).map((r) => r.span.spanId)).toEqual(['a', 'b', 'x']);
    expect(visibleRows(layout, new Set(['a', 'b'])).map((r) => r.span.spanId)).toEqual(['a', 'x']);
  });

  it('survives parent cycles and lays out 10,000 spans quickly', () => {
    const bare = (spanId: string, parentId: string | null, startUs: number): TraceSpan => ({
      spanId,
      parentId,
      parentMissing: false,
      name: `op ${spanId}`,
      service: `svc${startUs % 5}`,
      dataset: 'spans',
      startUs,
      durationUs: 5_000,
      error: false,
      markers: [],
      fields: {},
    });
    const cyclic = layoutWaterfall([bare('p', 'q', 1), bare('q', 'p', 1)]);
    expect(cyclic.rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['p', 0],
      ['q', 1],
    ]);

    const wide = Array.from({ length: 10_000 }, (_, i) => bare(`s${i}`, i === 0 ? null : `s${Math.floor((i - 1) / 4)}`, T0 + i));
    const big = layoutWaterfall(wide);
    expect(big.rows).toHaveLength(10_000);
    expect(big.rows[0].descendants).toBe(9_999);
  });
});

describe('formatDurationUs', () => {
  it('uses the unit that fits', () => {
    expect([formatDurationUs(850), formatDurationUs(12_345), formatDurationUs(1_240_000)]).toEqual(['850µs', '12.3ms', '1.24s']);
  });
});

describe('barInView', () => {
  it('places bars in percent of the view and clips them to it', () => {
    expect(barInView(250, 500, [0, 1000])).toEqual({ left: 25, width: 50 });
    expect(barInView(0, 1000, [250, 750])).toEqual({ left: 0, width: 100 });
    expect(barInView(900, 50, [0, 500])).toBeNull();
    expect(barInView(100, 0, [0, 1000])).toEqual({ left: 10, width: 0 });
  });
});
