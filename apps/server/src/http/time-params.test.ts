import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error.ts';
import { timeParams } from './time-params.ts';

describe('timeParams', () => {
  it('reads the given times as seconds and leaves out absent and empty ones', () => {
    expect(timeParams({ time_range: '7200', dataset: 'api' })).toEqual({ time_range: 7200 });
    expect(timeParams({ start_time: '1700000000', end_time: '1700003600.5', time_range: '' })).toEqual({
      start_time: 1_700_000_000,
      end_time: 1_700_003_600.5,
    });
  });

  it('answers 400 naming the parameter and its value when it is not a number', () => {
    expect(() => timeParams({ end_time: 'yesterday' })).toThrow(new HttpError(400, 'end_time must be a number of seconds, not "yesterday"'));
  });
});
