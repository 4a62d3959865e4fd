import { describe, expect, it } from 'vitest';
import { sampleRateOf, thresholdSampleRate } from './sample-rate.ts';

describe('thresholdSampleRate', () => {
  it.each([
    ['ot=th:0', 1],
    ['ot=th:8', 2],
    ['ot=th:c', 4],
    ['ot=th:c0', 4],
    ['ot=th:fc', 64],
    ['ot=th:4', 4 / 3],
    ['ot=rv:abcdef01234567;th:8', 2],
    ['vendor=x, ot=th:8', 2],
    ['ot=th:ffffffffffffff', 2 ** 56],
    ['ot=th:', 1],
    ['ot=th:zz', 1],
    ['ot=th:123456789abcdef', 1],
    ['ot=rv:abcdef01234567', 1],
    ['other=th:8', 1],
    ['', 1],
  ])('%s gives rate %d', (traceState, rate) => {
    expect(thresholdSampleRate(traceState)).toBeCloseTo(rate, 12);
  });
});

describe('sampleRateOf', () => {
  it.each([
    [[{ key: 'SampleRate', value: 20 }], 20],
    [[{ key: 'sampleRate', value: '8' }], 8],
    [[{ key: 'sampleRate', value: 2.5 }], 2.5],
    [[{ key: 'SampleRate', value: 0 }], 1],
    [[{ key: 'SampleRate', value: -3 }], 1],
    [[{ key: 'SampleRate', value: 'often' }], 1],
    [[{ key: 'SampleRate', value: true }], 1],
    [[{ key: 'samplerate', value: 9 }], 1],
  ])('takes %j as rate %d', (attributes, rate) => {
    expect(sampleRateOf(attributes, '')).toBe(rate);
  });

  it('prefers the attribute over the tracestate threshold', () => {
    expect(sampleRateOf([{ key: 'SampleRate', value: 10 }], 'ot=th:8')).toBe(10);
    expect(sampleRateOf([], 'ot=th:8')).toBe(2);
  });
});
