import { describe, expect, test } from 'vitest';
import { denseSeries, elapsedSeconds, rateOver, seriesStepUs } from './map-series.ts';

const S = 1e6;

describe('map series', () => {
  test('about 60 points over the range, whole hours over a day or more', () => {
    expect(seriesStepUs({ startUs: 0, endUs: 300 * S })).toBe(5 * S);
    expect(seriesStepUs({ startUs: 0, endUs: 7200 * S })).toBe(120 * S);
    expect(seriesStepUs({ startUs: 0, endUs: 86_400 * S })).toBe(3600 * S);
    expect(seriesStepUs({ startUs: 0, endUs: 7 * 86_400 * S })).toBe(3 * 3600 * S);
  });

  test('a range still open counts the time that has passed: steady traffic reads its true rate', () => {
    // A 10-minute range, 4 minutes in, 240 requests: 1 a second, not 0.4.
    const scope = { startUs: 1000 * S, endUs: 1600 * S, nowUs: 1240 * S };
    expect(elapsedSeconds(scope)).toBe(240);
    expect(rateOver(240, scope)).toBe(1);
    expect(rateOver(5, { ...scope, nowUs: 900 * S })).toBe(0);
  });

  test('every step up to now, zeros where nothing happened', () => {
    const scope = { startUs: 1003 * S, endUs: 1300 * S, nowUs: 1021 * S };
    const sums = new Map([[1005 * S, { requests: 3, errors: 1 }]]);
    expect(denseSeries(sums, scope)).toEqual([
      { time: 1000, requests: 0, errors: 0 },
      { time: 1005, requests: 3, errors: 1 },
      { time: 1010, requests: 0, errors: 0 },
      { time: 1015, requests: 0, errors: 0 },
      { time: 1020, requests: 0, errors: 0 },
    ]);
  });
});
