import { describe, expect, it } from 'vitest';
import type { QuerySpec } from '../api/query-spec.ts';
import {
  describeTimeRange,
  formatDuration,
  fromLocalInputValue,
  resolveTimeRange,
  toLocalInputValue,
  withAbsoluteRange,
  withRelativeRange,
} from './time-range.ts';

const now = Date.UTC(2026, 10, 27, 12, 0, 0);
const nowS = now / 1000;

describe('resolveTimeRange', () => {
  it.each([
    ['nothing: the last 2 hours', {}, { start: nowS - 7200, end: nowS }],
    ['a relative range ends now', { time_range: 600 }, { start: nowS - 600, end: nowS }],
    ['an absolute window', { start_time: 100, end_time: 200 }, { start: 100, end: 200 }],
    ['a start and a range', { start_time: 100, time_range: 50 }, { start: 100, end: 150 }],
    ['an end and a range', { end_time: 200, time_range: 50 }, { start: 150, end: 200 }],
  ])('%s', (_name, query, window) => {
    expect(resolveTimeRange(query, now)).toEqual(window);
  });
});

describe('switching between relative and absolute', () => {
  it('keeps the rest of the query and drops the other form', () => {
    const query: QuerySpec = { calculations: [{ op: 'COUNT' }], start_time: 1, end_time: 2 };
    expect(withRelativeRange(query, 3600)).toEqual({ calculations: [{ op: 'COUNT' }], time_range: 3600 });
    expect(withAbsoluteRange({ time_range: 60 }, { start: 10.5, end: 20.2 })).toEqual({ start_time: 10, end_time: 21 });
  });
});

describe('describing', () => {
  it('names presets and other relative ranges', () => {
    expect(describeTimeRange({})).toBe('Last 2 hours');
    expect(describeTimeRange({ time_range: 600 })).toBe('Last 10 minutes');
    expect(describeTimeRange({ time_range: 5400 })).toBe('Last 1h 30m');
  });

  it('formats durations with the two largest units', () => {
    expect(formatDuration(90)).toBe('1m 30s');
    expect(formatDuration(90061)).toBe('1d 1h');
    expect(formatDuration(0)).toBe('0s');
  });

  it('round-trips datetime-local input values to the minute', () => {
    const value = toLocalInputValue(1_790_000_000);
    expect(value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(fromLocalInputValue(value)).toBe(1_790_000_000 - (1_790_000_000 % 60));
    expect(fromLocalInputValue('nonsense')).toBeNull();
  });
});
