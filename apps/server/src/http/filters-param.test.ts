import { describe, expect, it } from 'vitest';
import { filtersParam } from './filters-param.ts';

describe('filtersParam', () => {
  it('reads the JSON list as given, and nothing when absent or empty', () => {
    expect(filtersParam('[{"column":"error","op":"=","value":true}]')).toEqual([{ column: 'error', op: '=', value: true }]);
    expect(filtersParam(undefined)).toBeUndefined();
    expect(filtersParam('')).toBeUndefined();
  });

  it('answers 400 for text that is not a JSON list', () => {
    for (const raw of ['error = true', '{"column":"error"}']) {
      expect(() => filtersParam(raw)).toThrow('filters must be a JSON list of QuerySpec filters ({column, op, value})');
    }
  });
});
