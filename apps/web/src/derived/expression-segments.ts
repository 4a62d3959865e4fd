// The expression in coloured pieces for the editor: the very tokens the parser reads, each
// with its text and the whitespace after it kept. Past a spot the tokenizer cannot read (a
// string left open, a stray character) the rest is plain text; the error under it says why.
import { ExpressionError, tokenizeExpression, type Token } from '@flashlight/query';

export type SegmentKind = 'column' | 'string' | 'number' | 'function' | 'constant' | 'punct' | 'word' | 'plain';

export interface Segment {
  readonly kind: SegmentKind;
  readonly text: string;
  /** Offset of the first character in the expression. */
  readonly from: number;
  /** Set on the part an error points at. */
  readonly error?: boolean;
}

const CONSTANTS = new Set(['true', 'false', 'null']);

/** The tokens of `text` up to the first spot the tokenizer cannot read, and where that spot is (the text's length when there is none). */
export function readableTokens(text: string): { tokens: Token[]; readable: number } {
  try {
    return { tokens: tokenizeExpression(text).filter((t) => t.kind !== 'end'), readable: text.length };
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    const spot = error.position.offset;
    if (spot >= text.length) return { tokens: [], readable: 0 };
    // The spot starts a token (a bad character) or lies inside one (a bad escape): the text
    // before it reads on its own, or fails at the start of the token that holds the spot.
    return readableTokens(text.slice(0, spot));
  }
}

function tokenKind(token: Token, next: Token | undefined): SegmentKind {
  if (token.kind === 'end') return 'plain';
  if (token.kind !== 'word') return token.kind;
  if (CONSTANTS.has(token.value)) return 'constant';
  return next?.kind === 'punct' && next.value === '(' ? 'function' : 'word';
}

export function expressionSegments(text: string): Segment[] {
  const { tokens, readable } = readableTokens(text);
  const segments: Segment[] = [];
  const push = (kind: SegmentKind, from: number, to: number) => {
    if (to <= from) return;
    const last = segments.at(-1);
    if (kind === 'plain' && last?.kind === 'plain') segments[segments.length - 1] = { ...last, text: last.text + text.slice(from, to) };
    else segments.push({ kind, text: text.slice(from, to), from });
  };
  push('plain', 0, tokens[0]?.at.offset ?? readable);
  tokens.forEach((token, i) => {
    const from = token.at.offset;
    const upTo = tokens[i + 1]?.at.offset ?? readable;
    // Only whitespace lies between two tokens: the token ends where it starts.
    const end = from + text.slice(from, upTo).trimEnd().length;
    push(tokenKind(token, tokens[i + 1]), from, end);
    push('plain', end, upTo);
  });
  push('plain', readable, text.length);
  return segments;
}

/**
 * Where an error at `offset` is underlined: the whole token that starts there, else the one
 * character (a spot at the very end is shown as one space past it).
 */
export function errorSpan(segments: readonly Segment[], offset: number): { from: number; to: number } {
  const token = segments.find((s) => s.from === offset && s.kind !== 'plain');
  return { from: offset, to: token ? offset + token.text.length : offset + 1 };
}

/** The segments with the span an error points at split off and marked. */
export function markError(segments: readonly Segment[], span: { from: number; to: number }): Segment[] {
  const marked: Segment[] = [];
  for (const segment of segments) {
    const end = segment.from + segment.text.length;
    const from = Math.max(span.from, segment.from);
    const to = Math.min(span.to, end);
    if (from >= to) {
      marked.push(segment);
      continue;
    }
    const part = (a: number, b: number, error?: boolean) => {
      if (b > a) marked.push({ kind: segment.kind, text: segment.text.slice(a - segment.from, b - segment.from), from: a, ...(error ? { error } : {}) });
    };
    part(segment.from, from);
    part(from, to, true);
    part(to, end);
  }
  const length = segments.reduce((n, s) => n + s.text.length, 0);
  // An error at the end (a call left open) points just past the text.
  if (span.from >= length) marked.push({ kind: 'plain', text: ' ', from: length, error: true });
  return marked;
}
