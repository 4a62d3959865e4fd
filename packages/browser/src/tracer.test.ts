import { describe, expect, it } from 'vitest';
import { createTracer, SPAN_KIND_CLIENT, type Attributes, type FinishedSpan } from './tracer.ts';

function recordingTracer(sampleRate = 1, fields: Attributes = {}) {
  const finished: FinishedSpan[] = [];
  const tracer = createTracer({ sampleRate, fields: () => fields, onEnd: (span) => finished.push(span) });
  return { tracer, finished };
}

describe('createTracer', () => {
  it('starts new traces with W3C ids and links children to the active span', () => {
    const { tracer, finished } = recordingTracer();
    const click = tracer.startSpan('click', { parent: null });
    tracer.active = click.context;
    const fetch = tracer.startSpan('GET /api/products', { kind: SPAN_KIND_CLIENT });
    tracer.active = undefined;
    fetch.end();
    click.end();
    const [fetchSpan, clickSpan] = finished;
    expect(clickSpan.context.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(clickSpan.context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(clickSpan.parentSpanId).toBeUndefined();
    expect(fetchSpan).toMatchObject({ kind: SPAN_KIND_CLIENT, parentSpanId: clickSpan.context.spanId });
    expect(fetchSpan.context.traceId).toBe(clickSpan.context.traceId);
    expect(tracer.startSpan('later').context.traceId).not.toBe(clickSpan.context.traceId);
  });

  it('ends a span once, never before it started', () => {
    const { tracer, finished } = recordingTracer();
    const span = tracer.startSpan('navigation', { startMs: 1000 });
    span.end(900);
    span.end(2000);
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ startMs: 1000, endMs: 1000 });
  });

  it('copies the added fields onto spans as they start; span attributes win', () => {
    const fields: Attributes = { 'user.id': '42' };
    const { tracer, finished } = recordingTracer(1, fields);
    tracer.startSpan('a', { attributes: { 'user.id': 'override' } }).end();
    fields['app.team'] = 'checkout';
    tracer.startSpan('b').end();
    expect(finished.map((span) => span.attributes)).toEqual([{ 'user.id': 'override' }, { 'user.id': '42', 'app.team': 'checkout' }]);
  });

  it('keeps or drops whole traces and marks kept spans with their sample rate', () => {
    const { tracer, finished } = recordingTracer(4);
    for (let i = 0; i < 400; i++) {
      const root = tracer.startSpan('click', { parent: null });
      tracer.startSpan('GET /api', { parent: root.context }).end();
      root.end();
    }
    const traces = new Map<string, number>();
    for (const span of finished) traces.set(span.context.traceId, (traces.get(span.context.traceId) ?? 0) + 1);
    expect([...traces.values()].every((count) => count === 2)).toBe(true);
    expect(traces.size).toBeGreaterThan(60);
    expect(traces.size).toBeLessThan(140);
    expect(finished[0].attributes.SampleRate).toBe(4);
  });
});
