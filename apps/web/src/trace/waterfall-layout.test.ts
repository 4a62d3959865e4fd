import { describe, expect, it } from 'vitest';
import { formatDurationUs, spansFromEvents, toMicros } from './trace-spans.ts';
import { layoutWaterfall, visibleRows } from './waterfall-layout.ts';

// A checkout request as the trace API returns it: browser → web → cart, payments (a vendor
// call that failed with an exception span event), and a late queue publish.
const T = '2026-11-27T10:00:00';
const trace = [
  { 'trace.trace_id': 't1', 'trace.span_id': 'a', name: 'click checkout', 'service.name': 'browser', timestamp: `${T}.000000Z`, duration_ms: 100 },
  { 'trace.trace_id': 't1', 'trace.span_id': 'b', 'trace.parent_id': 'a', name: 'POST /checkout', 'service.name': 'web', timestamp: `${T}.005000Z`, duration_ms: 90 },
  { 'trace.trace_id': 't1', 'trace.span_id': 'd', 'trace.parent_id': 'b', name: 'charge', 'service.name': 'payments', timestamp: `${T}.040000Z`, duration_ms: 50, error: true },
  { 'trace.trace_id': 't1', 'trace.span_id': 'c', 'trace.parent_id': 'b', name: 'load cart', 'service.name': 'cart', timestamp: `${T}.010000Z`, duration_ms: 20 },
  { 'trace.trace_id': 't1', 'trace.span_id': 'e', 'trace.parent_id': 'b', name: 'audit', 'service.name': 'web', timestamp: `${T}.012000Z`, duration_ms: 5 },
  { 'trace.trace_id': 't1', 'trace.parent_id': 'd', 'meta.annotation_type': 'span_event', name: 'exception', 'exception.message': 'card declined', timestamp: `${T}.089500Z` },
  { 'trace.trace_id': 't1', 'trace.span_id': 'x', 'trace.parent_id': 'missing', name: 'orphan', 'service.name': 'queue', timestamp: `${T}.120000Z`, duration_ms: 1 },
];

describe('spansFromEvents', () => {
  it('keeps sub-millisecond precision of ISO timestamps and reads numbers by magnitude', () => {
    expect(toMicros('2026-11-27T10:00:00.000123Z')).toBe(Date.parse('2026-11-27T10:00:00Z') * 1000 + 123);
    expect(toMicros(1_790_000_000)).toBe(1_790_000_000_000_000);
    expect(toMicros(1_790_000_000_123)).toBe(1_790_000_000_123_000);
    expect(toMicros('<img onerror=alert(1)>')).toBeNull();
  });

  it('attaches span events to their span as markers and flags errors', () => {
    const spans = spansFromEvents(trace);
    expect(spans).toHaveLength(6);
    const charge = spans.find((s) => s.spanId === 'd')!;
    expect(charge.error).toBe(true);
    expect(charge.markers.map((m) => [m.name, m.kind, m.fields['exception.message']])).toEqual([['exception', 'span_event', 'card declined']]);
  });
});

describe('layoutWaterfall', () => {
  const layout = layoutWaterfall(spansFromEvents(trace));

  it('orders spans depth-first, children by start, orphans as roots after', () => {
    expect(layout.rows.map((r) => `${'  '.repeat(r.depth)}${r.span.name}`)).toEqual([
      'click checkout', '  POST /checkout', '    load cart', '    audit', '    charge', 'orphan',
    ]);
    expect(layout.rows.map((r) => r.descendants)).toEqual([4, 3, 0, 0, 0, 0]);
  });

  it('places bars on the trace time axis', () => {
    expect(layout.durationUs).toBe(121_000);
    expect(layout.rows.map((r) => r.offsetUs)).toEqual([0, 5_000, 10_000, 12_000, 40_000, 120_000]);
    expect(layout.services).toEqual(['browser', 'web', 'cart', 'payments', 'queue']);
  });

  it('marks the critical path: what the request was waiting on', () => {
    expect(layout.rows.filter((r) => r.critical).map((r) => r.span.name)).toEqual([
      'click checkout', 'POST /checkout', 'load cart', 'charge',
    ]);
  });

  it('folds collapsed subtrees away', () => {
    expect(visibleRows(layout, new Set(['b'])).map((r) => r.span.spanId)).toEqual(['a', 'b', 'x']);
    expect(visibleRows(layout, new Set(['a', 'b'])).map((r) => r.span.spanId)).toEqual(['a', 'x']);
  });

  it('survives parent cycles and lays out 10,000 spans quickly', () => {
    const cyclic = spansFromEvents([
      { 'trace.span_id': 'p', 'trace.parent_id': 'q', timestamp: 1_000_000, duration_ms: 1 },
      { 'trace.span_id': 'q', 'trace.parent_id': 'p', timestamp: 1_000_000, duration_ms: 1 },
    ]);
    expect(layoutWaterfall(cyclic).rows.length).toBeLessThanOrEqual(2);

    const wide = Array.from({ length: 10_000 }, (_, i) => ({
      'trace.span_id': `s${i}`, 'trace.parent_id': i === 0 ? undefined : `s${Math.floor((i - 1) / 4)}`,
      name: `op ${i % 7}`, 'service.name': `svc${i % 5}`, timestamp: 1_790_000_000_000 + i, duration_ms: 5,
    }));
    const big = layoutWaterfall(spansFromEvents(wide));
    expect(big.rows).toHaveLength(10_000);
    expect(big.rows[0].descendants).toBe(9_999);
  });
});

describe('formatDurationUs', () => {
  it('uses the unit that fits', () => {
    expect([formatDurationUs(850), formatDurationUs(12_345), formatDurationUs(1_240_000)]).toEqual(['850µs', '12.3ms', '1.24s']);
  });
});
