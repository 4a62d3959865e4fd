import { describe, expect, test } from 'vitest';
import { buildTrace, type TraceEvent } from './trace-tree.ts';

const span = (id: string, parent: string | null, startUs: number, durationMs: number, extra: Record<string, string | number | boolean> = {}): TraceEvent => ({
  dataset: 'api',
  timeUs: startUs,
  fields: { 'trace.span_id': id, ...(parent ? { 'trace.parent_id': parent } : {}), name: id, 'service.name': 'api', duration_ms: durationMs, ...extra },
});

describe('buildTrace', () => {
  test('orders children by start time under their parent, depth first', () => {
    const trace = buildTrace('t', [
      span('late', 'root', 300, 1),
      span('root', null, 0, 10),
      span('early', 'root', 100, 1),
      span('grandchild', 'late', 400, 1),
    ])!;
    expect(trace.spans.map((s) => `${'  '.repeat(s.depth)}${s.spanId}`)).toEqual(['root', '  early', '  late', '    grandchild']);
  });

  test('a span whose parent never arrived is a root of its own, marked parentMissing', () => {
    const trace = buildTrace('t', [span('orphan', 'lost', 0, 1), span('root', null, 50, 5)])!;
    expect(trace.spans.map((s) => [s.spanId, s.parentMissing])).toEqual([
      ['orphan', true],
      ['root', false],
    ]);
    expect(trace.summary.rootSpanId).toBe('root');
    // The trace runs from the orphan's start to the root's end.
    expect(trace.summary.durationMs).toBeCloseTo(5.05);
  });

  test('spans whose parents form a cycle still appear, and a deep chain does not exhaust the stack', () => {
    const cycle = buildTrace('t', [span('root', null, 0, 9), span('a', 'b', 1, 1), span('b', 'a', 2, 1)])!;
    expect(cycle.spans.map((s) => [s.spanId, s.depth])).toEqual([
      ['root', 0],
      ['a', 0],
      ['b', 1],
    ]);
    const chain = Array.from({ length: 50_000 }, (_, i) => span(`s${i}`, i === 0 ? null : `s${i - 1}`, i, 1));
    expect(buildTrace('t', chain)!.spans.at(-1)!.depth).toBe(49_999);
  });

  test('a log record written inside a span annotates that span instead of replacing it', () => {
    const log: TraceEvent = {
      dataset: 'api',
      timeUs: 5,
      fields: { 'trace.span_id': 'root', 'meta.signal_type': 'log', body: 'vendor slow, falling back', severity: 'WARN' },
    };
    const trace = buildTrace('t', [span('root', null, 0, 10), log])!;
    expect(trace.spans.map((s) => [s.spanId, s.name])).toEqual([['root', 'root']]);
    expect(trace.spans[0].events.map((e) => e.fields.body)).toEqual(['vendor slow, falling back']);
  });

  test('counts errors from error=true or an error status', () => {
    const trace = buildTrace('t', [span('a', null, 0, 1, { error: true }), span('b', 'a', 0, 1, { status_code: 2 }), span('c', 'a', 0, 1, { error: false })])!;
    expect(trace.summary.errorCount).toBe(2);
  });

  test('no spans, no trace', () => {
    expect(buildTrace('t', [])).toBeNull();
  });
});
