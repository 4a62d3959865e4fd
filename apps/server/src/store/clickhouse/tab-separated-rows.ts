// The events of one table write as ClickHouse's TabSeparated text: one pass over the
// columns the commit plan already holds, no object per row, and a format ClickHouse
// parses several times faster than JSONEachRow (no key lookup per value).
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN } from '@flashlight/query';
import type { TableWrite } from '../commit-plan.ts';
import type { FieldValue } from '../../events/wide-event.ts';

const NULL = '\\N';
const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

/**
 * A string as a TabSeparated value: backslash, tab, newline, carriage return and NUL
 * escaped. Lone UTF-16 surrogates need nothing here: the request body is encoded as
 * UTF-8, which turns each into U+FFFD, as the DuckDB engine stores them.
 */
export function tabSeparatedText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]) : text;
}

/** Booleans are UInt8 columns; numbers JSON could not carry (NaN, ±Infinity) are NULL, as they were. */
function tabSeparatedValue(value: FieldValue | undefined): string {
  switch (typeof value) {
    case 'string':
      return tabSeparatedText(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : NULL;
    case 'boolean':
      return value ? '1' : '0';
    case 'bigint':
      return String(value);
    default:
      return NULL;
  }
}

/** The column list and the rows of `write`, one line each, in that column order. */
export function tabSeparatedRows(write: TableWrite): { columns: string[]; body: string } {
  const fields = [...write.values];
  let body = '';
  for (let row = 0; row < write.rowCount; row++) {
    let line = `${write.timeUs[row]}\t${write.sampleRate[row]}`;
    for (const [, values] of fields) line += `\t${tabSeparatedValue(values[row])}`;
    body += `${line}\n`;
  }
  return { columns: [TIMESTAMP_COLUMN, SAMPLE_RATE_COLUMN, ...fields.map(([column]) => column)], body };
}
