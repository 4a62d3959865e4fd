import { describe, expect, it } from 'vitest';
import { parseTraceInput } from './trace-id-input.ts';

describe('parseTraceInput', () => {
  it('takes a trace id as it is, or the ids out of a traceparent header', () => {
    expect(parseTraceInput('  4bf92f3577b34da6a3ce929d0e0e4736 ')).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: null });
    expect(parseTraceInput('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
    expect(parseTraceInput('   ')).toBeNull();
  });
});
