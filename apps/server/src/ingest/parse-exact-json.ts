// Ingest bodies are parsed without rounding integers: JSON.parse turns 2^53 + 1 into
// 2^53, so a body that holds an integer literal of 16 or more digits is read with
// lossless-json, its integers beyond 2^53 becoming bigints (see `exactInteger`). Bodies
// without one, nearly all, take JSON.parse, which is exact for them and much faster.
import { isInteger, parse } from 'lossless-json';
import { exactInteger } from '../events/wide-event.ts';

const LONG_DIGIT_RUN = /\d{16}/;

/** The value the JSON text spells; throws SyntaxError as JSON.parse does. */
export function parseExactJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  try {
    return parse(text, null, {
      parseNumber: (digits: string) => (isInteger(digits) ? exactInteger(BigInt(digits)) : Number(digits)),
      // The last of duplicate keys wins, as with JSON.parse.
      onDuplicateKey: ({ newValue }) => newValue,
    });
  } catch (error) {
    // lossless-json recurses: nesting thousands deep overflows its stack, where JSON.parse
    // does not. Such a body is hostile or broken; it gets JSON.parse's reading.
    if (error instanceof RangeError) return JSON.parse(text);
    throw error;
  }
}
