import { describe, expect, it } from 'vitest';
import { isTraceSampled, samplingThreshold, samplingTracestate } from './sampling.ts';

describe('samplingThreshold', () => {
  it('is the OpenTelemetry rejection threshold with trailing zeros dropped', () => {
    expect(samplingThreshold(1)).toBe('0');
    expect(samplingThreshold(2)).toBe('8');
    expect(samplingThreshold(4)).toBe('c');
    expect(samplingThreshold(10)).toBe('e66666666666');
    expect(samplingThreshold(1000)).toBe('ffbe76c8b439');
  });

  it('goes out as an ot entry of tracestate, only when sampling', () => {
    expect(samplingTracestate(4)).toBe('ot=th:c');
    expect(samplingTracestate(1)).toBeUndefined();
  });
});

describe('isTraceSampled', () => {
  it('keeps a trace when the last 56 bits of its id reach the threshold, exactly at the edge', () => {
    expect(isTraceSampled('4bf92f3577b34da6a3c0000000000000', 4)).toBe(true);
    expect(isTraceSampled('4bf92f3577b34da6a3bfffffffffffff', 4)).toBe(false);
    expect(isTraceSampled('4bf92f3577b34da6a30000000000000', 1)).toBe(true);
  });
});
