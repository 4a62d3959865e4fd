import { describe, expect, it } from 'vitest';
import { clauseOfErrorPath } from './error-clause.ts';

describe('clauseOfErrorPath', () => {
  it('names the clause and the item an error points at', () => {
    expect(clauseOfErrorPath('filters[1].value')).toEqual({ clause: 'WHERE', item: 2 });
    expect(clauseOfErrorPath('calculations[0].column')).toEqual({ clause: 'VISUALIZE', item: 1 });
    expect(clauseOfErrorPath('granularity')).toEqual({ clause: 'Granularity', item: null });
    expect(clauseOfErrorPath('')).toBeNull();
    expect(clauseOfErrorPath('bogus')).toBeNull();
  });
});
