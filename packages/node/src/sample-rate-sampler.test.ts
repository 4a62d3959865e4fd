import { describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { startMemoryTelemetry } from './testing/memory-telemetry.ts';

describe('sampleRate', () => {
  it('keeps about 1 in N traces, whole, each kept span marked with SampleRate', async () => {
    const telemetry = startMemoryTelemetry({ sampleRate: 4 });
    try {
      const tracer = trace.getTracer('test');
      for (let i = 0; i < 400; i++) {
        tracer.startActiveSpan('request', (root) => {
          tracer.startSpan('query').end();
          root.end();
        });
      }
      const spans = await telemetry.spans();
      const roots = spans.filter((span) => span.name === 'request');
      expect(roots.length).toBeGreaterThan(60);
      expect(roots.length).toBeLessThan(140);
      expect(spans.filter((span) => span.name === 'query').length).toBe(roots.length);
      expect(new Set(spans.map((span) => span.attributes.SampleRate))).toEqual(new Set([4]));
    } finally {
      await telemetry.shutdown();
    }
  });

  it('keeps every trace, unmarked, by default', async () => {
    const telemetry = startMemoryTelemetry();
    try {
      trace.getTracer('test').startSpan('request').end();
      expect((await telemetry.span('request')).attributes.SampleRate).toBeUndefined();
    } finally {
      await telemetry.shutdown();
    }
  });
});
