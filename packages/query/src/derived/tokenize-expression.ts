// Splits a derived-column expression into tokens with their positions. The syntax is
// Honeycomb's: `$name` or `$"quoted name"` (or `$`raw name``) for columns, "strings" with
// backslash escapes, `raw strings` without, integers, floats, true, false, null, and
// FUNCTION(args, ...) with an optional trailing comma.
import { ExpressionError, type Position } from './expression-error.ts';

export type Token =
  | { readonly kind: 'column'; readonly name: string; readonly at: Position }
  | { readonly kind: 'string'; readonly value: string; readonly at: Position }
  | { readonly kind: 'number'; readonly value: number; readonly integer: boolean; readonly at: Position }
  | { readonly kind: 'word'; readonly value: string; readonly at: Position }
  | { readonly kind: 'punct'; readonly value: '(' | ')' | ','; readonly at: Position }
  | { readonly kind: 'end'; readonly at: Position };

/** Characters of an unquoted column name, as Honeycomb's grammar lists them. */
export const COLUMN_CHAR = /[\p{L}\p{N}_./:=+?-]/u;
const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/;
const WORD = /^[A-Za-z][A-Za-z0-9_]*/;
const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

export function tokenizeExpression(text: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const here = (at = offset): Position => ({ line, column: at - lineStart + 1, offset: at });
  const fail = (detail: string, at: Position = here()): never => {
    throw new ExpressionError(detail, at);
  };

  /** A "..." string starting at `offset`, escapes resolved. */
  const quoted = (): string => {
    const start = here();
    let value = '';
    offset++;
    while (offset < text.length) {
      const ch = text[offset];
      if (ch === '"') {
        offset++;
        return value;
      }
      if (ch === '\n') break;
      if (ch !== '\\') {
        value += ch;
        offset++;
        continue;
      }
      const next = text[offset + 1];
      const escape = here();
      if (next !== undefined && Object.hasOwn(SIMPLE_ESCAPES, next)) {
        value += SIMPLE_ESCAPES[next];
        offset += 2;
      } else if (next === 'u' || next === 'U' || next === 'x') {
        const digits = next === 'u' ? 4 : next === 'U' ? 8 : 2;
        const hex = text.slice(offset + 2, offset + 2 + digits);
        if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) fail(`\\${next} needs ${digits} hex digits`, escape);
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) fail(`\\${next}${hex} is not a character`, escape);
        value += String.fromCodePoint(code);
        offset += 2 + digits;
      } else if (next !== undefined && /[0-7]/.test(next)) {
        const octal = text.slice(offset + 1, offset + 4);
        if (!/^[0-7]{3}$/.test(octal)) fail('an octal escape needs 3 digits', escape);
        value += String.fromCharCode(parseInt(octal, 8));
        offset += 4;
      } else {
        fail(`unknown escape \\${next ?? ''}`, escape);
      }
    }
    return fail('unterminated string', start);
  };

  /** A `...` raw string starting at `offset`. */
  const raw = (): string => {
    const start = here();
    const end = text.indexOf('`', offset + 1);
    if (end < 0) fail('unterminated raw string', start);
    const value = text.slice(offset + 1, end);
    // Raw strings may span lines; keep line numbers true after them.
    for (let i = offset + 1; i < end; i++) {
      if (text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    offset = end + 1;
    return value;
  };

  while (offset < text.length) {
    const ch = text[offset];
    if (ch === '\n') {
      offset++;
      line++;
      lineStart = offset;
      continue;
    }
    if (/\s/u.test(ch)) {
      offset++;
      continue;
    }
    const at = here();
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', value: ch, at });
      offset++;
    } else if (ch === '$') {
      offset++;
      const next = text[offset];
      if (next === '"') tokens.push({ kind: 'column', name: quoted(), at });
      else if (next === '`') tokens.push({ kind: 'column', name: raw(), at });
      else {
        const start = offset;
        while (offset < text.length && COLUMN_CHAR.test(text[offset])) offset++;
        if (offset === start) fail('$ must be followed by a column name (quote names with spaces: $"my column")', at);
        tokens.push({ kind: 'column', name: text.slice(start, offset), at });
      }
    } else if (ch === '"') {
      tokens.push({ kind: 'string', value: quoted(), at });
    } else if (ch === '`') {
      tokens.push({ kind: 'string', value: raw(), at });
    } else if (NUMBER.test(text.slice(offset, offset + 400))) {
      const literal = NUMBER.exec(text.slice(offset))![0];
      const value = Number(literal);
      if (!Number.isFinite(value)) fail(`${literal} is too large a number`, at);
      const integer = /^-?\d+$/.test(literal);
      if (integer && !Number.isSafeInteger(value)) fail(`${literal} is beyond the exact integers (±2^53)`, at);
      tokens.push({ kind: 'number', value, integer, at });
      offset += literal.length;
    } else if (WORD.test(text.slice(offset, offset + 200))) {
      const word = WORD.exec(text.slice(offset))![0];
      tokens.push({ kind: 'word', value: word, at });
      offset += word.length;
    } else {
      fail(`unexpected ${JSON.stringify(ch)}`, at);
    }
  }
  tokens.push({ kind: 'end', at: here() });
  return tokens;
}
