import { describe, expect, it } from 'vitest';
import { columnSummary } from './testing-columns.ts';
import { aliasProblem, checkDerivedColumn, columnsRead, type DerivedScope } from './expression-check.ts';

const column = columnSummary;
const scope: DerivedScope = {
  // The columns API lists derived columns with their expression: they are not sent fields.
  columns: [column('http.status_code', 'integer'), column('duration_ms', 'float'), column('is_error', 'boolean', 'GTE($http.status_code, 500)')],
  others: [
    { alias: 'is_error', expression: 'GTE($http.status_code, 500)' },
    { alias: 'uses_slow', expression: 'NOT($slow)' },
  ],
};

describe('checking a derived column as the server does', () => {
  it('gives the type of one that works, reading sent fields and other derived columns', () => {
    expect(checkDerivedColumn('error_ms', 'IF($is_error, $duration_ms)', scope)).toEqual({ ok: true, type: 'float' });
    expect(checkDerivedColumn('', 'GTE($http.status_code, 500)', scope)).toEqual({ ok: true, type: 'boolean' });
  });

  it('says what is wrong and the offset it is at', () => {
    expect(checkDerivedColumn('x', 'GT($duraton_ms, 100)', scope)).toEqual({
      ok: false,
      message: 'no column "duraton_ms"; did you mean $duration_ms? at 1:4',
      offset: 3,
    });
    expect(checkDerivedColumn('x', 'DIV(1,\n 2, 3)', scope)).toMatchObject({
      ok: false,
      message: 'DIV expects 2 arguments, got 3 (DIV(a, b)) at 1:1',
      offset: 0,
    });
    expect(checkDerivedColumn('x', 'SUM(1', scope)).toMatchObject({ ok: false, offset: 5 });
  });

  it('refuses a cycle its new definition would close', () => {
    expect(checkDerivedColumn('slow', 'GT($duration_ms, 1)', scope)).toEqual({ ok: true, type: 'boolean' });
    expect(checkDerivedColumn('slow', 'NOT($uses_slow)', scope)).toMatchObject({
      ok: false,
      message: 'derived columns refer to each other in a cycle: $slow → $uses_slow → $slow at 1:5',
    });
  });

  it('refuses a name a sent field or another derived column has', () => {
    expect(aliasProblem('duration_ms', scope)).toBe('"duration_ms" is already a column');
    expect(aliasProblem('is_error', scope)).toBe('a derived column "is_error" already exists');
    expect(aliasProblem('error_ms', scope)).toBeNull();
  });

  it('lists the columns an expression reads, once each, in order', () => {
    expect(columnsRead('IF(GT($b, 1), $a, COALESCE($b, $"c d"))')).toEqual(['b', 'a', 'c d']);
  });
});
