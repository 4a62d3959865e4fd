import { expect, test } from 'vitest';
import { formatFilters, parseFilters } from './filters-text.ts';

test('filters joined by AND read back as they were written, lists and quoted ANDs included', () => {
  const filters = [
    { column: 'duration_ms', op: '<', value: 300 },
    { column: 'region', op: 'in', value: ['eu', 'us'] },
    { column: 'note', op: '=', value: 'rock AND roll' },
    { column: 'error', op: 'does-not-exist' },
  ] as const;
  const text = formatFilters(filters as never);
  expect(text).toBe('duration_ms < 300 AND region in eu, us AND note = "rock AND roll" AND error does-not-exist');
  expect(parseFilters(text)).toEqual({ ok: true, value: filters });
  expect(parseFilters('')).toEqual({ ok: true, value: [] });
});
