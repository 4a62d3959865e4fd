import { describe, expect, it } from 'vitest';
import { errorSpan, expressionSegments, markError, readableTokens } from './expression-segments.ts';

const pieces = (text: string) => expressionSegments(text).map((s) => [s.kind, s.text]);

describe('expression segments', () => {
  it('colour every token the parser reads and keep the whitespace, so the pieces spell the text', () => {
    const text = ' IF(GTE($http.status_code, 500), $"a b", `raw`, null)\n';
    expect(pieces(text)).toEqual([
      ['plain', ' '],
      ['function', 'IF'],
      ['punct', '('],
      ['function', 'GTE'],
      ['punct', '('],
      ['column', '$http.status_code'],
      ['punct', ','],
      ['plain', ' '],
      ['number', '500'],
      ['punct', ')'],
      ['punct', ','],
      ['plain', ' '],
      ['column', '$"a b"'],
      ['punct', ','],
      ['plain', ' '],
      ['string', '`raw`'],
      ['punct', ','],
      ['plain', ' '],
      ['constant', 'null'],
      ['punct', ')'],
      ['plain', '\n'],
    ]);
    expect(
      expressionSegments(text)
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });

  it('tell a function from a word that is not followed by "("', () => {
    expect(pieces('NOT(x)')).toEqual([
      ['function', 'NOT'],
      ['punct', '('],
      ['word', 'x'],
      ['punct', ')'],
    ]);
  });

  it('stop colouring where the tokenizer cannot read: an open string, a bad escape, a stray character', () => {
    expect(pieces('CONCAT($a, "open')).toEqual([
      ['function', 'CONCAT'],
      ['punct', '('],
      ['column', '$a'],
      ['punct', ','],
      ['plain', ' "open'],
    ]);
    expect(readableTokens('LENGTH("a\\q") ').readable).toBe(7);
    expect(
      pieces('SUM(1 # 2)')
        .map(([, text]) => text)
        .join(''),
    ).toBe('SUM(1 # 2)');
    expect(pieces('SUM(1 # 2)').at(-1)).toEqual(['plain', ' # 2)']);
    expect(pieces('')).toEqual([]);
  });

  it('underline the token an error points at, one character where no token starts, a space past the end', () => {
    const segments = expressionSegments('DIV(1, 2, 3)');
    expect(errorSpan(segments, 0)).toEqual({ from: 0, to: 3 });
    const marked = markError(segments, errorSpan(segments, 0));
    expect(marked.filter((s) => s.error).map((s) => s.text)).toEqual(['DIV']);
    expect(marked.map((s) => s.text).join('')).toBe('DIV(1, 2, 3)');

    const open = expressionSegments('SUM(1 # 2)');
    expect(markError(open, errorSpan(open, 6)).filter((s) => s.error)).toEqual([{ kind: 'plain', text: '#', from: 6, error: true }]);

    const unfinished = expressionSegments('SUM(1');
    expect(markError(unfinished, errorSpan(unfinished, 5)).at(-1)).toEqual({ kind: 'plain', text: ' ', from: 5, error: true });
  });
});
