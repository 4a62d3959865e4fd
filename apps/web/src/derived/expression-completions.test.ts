import { describe, expect, it } from 'vitest';
import { columnSummary } from './testing-columns.ts';
import { applyCompletion, completionAt } from './expression-completions.ts';

const column = columnSummary;
const columns = [
  column('http.status_code', 'integer'),
  column('duration_ms', 'float'),
  column('user name', 'string'),
  column('is_error', 'boolean', 'GTE($x, 1)'),
];
const inserts = (text: string, caret = text.length) => completionAt(text, caret, columns)?.options.map((o) => o.insert) ?? null;

describe('expression completions', () => {
  it('offer columns after $, quoted where the name needs it, matches at the start first', () => {
    expect(inserts('GT($')).toEqual(['$http.status_code', '$duration_ms', '$"user name"', '$is_error']);
    expect(inserts('GT($st')).toEqual(['$http.status_code']);
    expect(inserts('$"user n')).toEqual(['$"user name"']);
    expect(completionAt('GT($is', 6, columns)?.options).toEqual([{ insert: '$is_error', detail: 'boolean · derived' }]);
  });

  it('offer functions where a word is typed, with how they are called', () => {
    expect(inserts('IF(GT')).toEqual(['GT(', 'GTE(']);
    expect(completionAt('reg_v', 5, columns)?.options).toEqual([{ insert: 'REG_VALUE(', detail: 'REG_VALUE(text, `regex`)' }]);
  });

  it('offer nothing inside a string, after a finished token, or for a constant', () => {
    expect(inserts('CONCAT("$')).toBeNull();
    expect(inserts('CONCAT(`IF')).toBeNull();
    expect(inserts('GT($duration_ms ')).toBeNull();
    expect(inserts('GT(1, 2)')).toBeNull();
    expect(inserts('COALESCE($a, null')).toBeNull();
    expect(inserts('$nothing_like_it')).toBeNull();
    expect(inserts('EXISTS($duration_ms)', 19)).toBeNull();
  });

  it('complete at the caret, not at the end', () => {
    const text = 'SUM($dur, 1)';
    const completion = completionAt(text, 8, columns)!;
    expect(completion).toMatchObject({ from: 4, to: 8 });
    expect(applyCompletion(text, completion, completion.options[0])).toEqual({ text: 'SUM($duration_ms, 1)', caret: 16 });
  });
});
