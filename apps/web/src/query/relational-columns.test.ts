import { describe, expect, it } from 'vitest';
import { breakdownSuggestions, filterSuggestions } from './clause-suggestions.ts';
import type { ColumnSummary } from '../api/query-spec.ts';

const column = (name: string, type: ColumnSummary['type']): ColumnSummary => ({ name, type, firstSeen: '', lastSeen: '' });
const columns = [column('vendor.outcome', 'string'), column('name', 'string')];

describe('relational fields in the field picker', () => {
  it('offers the prefixes as they are typed, then the columns under one', () => {
    expect(filterSuggestions('an', columns).map((s) => [s.text, s.detail])).toEqual([['any.', 'some span of the trace']]);
    expect(filterSuggestions('any.ven', columns).map((s) => s.text)).toEqual(['any.vendor.outcome ']);
    expect(filterSuggestions('none.', columns).map((s) => s.text)).toEqual(['none.vendor.outcome ', 'none.name ']);
  });

  it('offers only root. and parent. to group by', () => {
    expect(breakdownSuggestions('p', columns).map((s) => s.text)).toEqual(['parent.']);
    expect(breakdownSuggestions('a', columns).map((s) => s.text)).toEqual(['name']);
    expect(breakdownSuggestions('root.na', columns).map((s) => s.text)).toEqual(['root.name']);
  });
});
