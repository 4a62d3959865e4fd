// What the editor offers at the caret: column names after `$` (bare or quoted as the name
// needs), function names where a word is being typed. Nothing inside a string: the prefix
// is read by the same tokenizer as the expression.
import { FUNCTIONS, FUNCTION_NAMES, quoteColumn } from '@flashlight/query';
import type { ColumnSummary } from '../api/query-spec.ts';
import { readableTokens } from './expression-segments.ts';

export interface CompletionOption {
  /** The text that replaces what was typed. */
  readonly insert: string;
  /** What the type or the function's arguments are. */
  readonly detail: string;
}

export interface Completion {
  /** The typed part the chosen option replaces: [from, to). */
  readonly from: number;
  readonly to: number;
  readonly options: readonly CompletionOption[];
}

const MAX_OPTIONS = 50;
const CONSTANTS = new Set(['true', 'false', 'null']);

/** The kind a column is listed with: its type, and whether it is derived. */
export const columnDetail = (column: ColumnSummary) => (column.expression === undefined ? column.type : `${column.type} · derived`);

function columnOptions(typed: string, columns: readonly ColumnSummary[]): CompletionOption[] {
  const needle = typed.toLowerCase();
  const hits = columns.filter((c) => c.name.toLowerCase().includes(needle));
  const startsWith = (c: ColumnSummary) => c.name.toLowerCase().startsWith(needle);
  return hits
    .sort((a, b) => Number(!startsWith(a)) - Number(!startsWith(b)))
    .slice(0, MAX_OPTIONS)
    .map((c) => ({ insert: `$${quoteColumn(c.name)}`, detail: columnDetail(c) }));
}

function functionOptions(typed: string): CompletionOption[] {
  const needle = typed.toUpperCase();
  return FUNCTION_NAMES.filter((name) => name.startsWith(needle)).map((name) => ({ insert: `${name}(`, detail: FUNCTIONS[name].usage }));
}

/** The completion at `caret` in `text`, or null where there is nothing to offer. */
export function completionAt(text: string, caret: number, columns: readonly ColumnSummary[]): Completion | null {
  const prefix = text.slice(0, caret);
  const { tokens, readable } = readableTokens(prefix);
  const found = (from: number, options: CompletionOption[]) => {
    // A name typed in full needs no offer.
    const offered = options.filter((o) => o.insert !== prefix.slice(from));
    return offered.length > 0 ? { from, to: caret, options: offered } : null;
  };
  if (readable < prefix.length) {
    // A name being started: `$` alone, or `$"` / `$\`` with the name's first characters.
    const open = /^\$(?:["`]([^"`\\\n]*))?$/.exec(prefix.slice(readable));
    return open ? found(readable, columnOptions(open[1] ?? '', columns)) : null;
  }
  const last = tokens.at(-1);
  if (!last) return null;
  const typed = prefix.slice(last.at.offset);
  if (last.kind === 'column' && typed === `$${last.name}`) return found(last.at.offset, columnOptions(last.name, columns));
  if (last.kind === 'word' && typed === last.value && !CONSTANTS.has(last.value)) return found(last.at.offset, functionOptions(last.value));
  return null;
}

/** The text and caret once `option` is taken. */
export function applyCompletion(text: string, completion: Completion, option: CompletionOption): { text: string; caret: number } {
  return { text: text.slice(0, completion.from) + option.insert + text.slice(completion.to), caret: completion.from + option.insert.length };
}
