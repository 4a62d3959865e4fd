// Query results as the DuckDB engine gives them, so answers compare equal across engines:
// boolean fields are stored as Nullable(UInt8) and come back as true/false; 64-bit
// integers arrive as JSON strings and become numbers when exact, else stay decimal text.
import type { SelectResult } from './clickhouse-http.ts';
import { COLUMN_TYPES } from './clickhouse-nodes.ts';

const WIDE_INTEGER = /^(Nullable\()?U?Int64\)?$/;

export function resultRows({ meta, data }: SelectResult): Record<string, unknown>[] {
  const booleans = meta.filter((column) => column.type === COLUMN_TYPES.boolean).map((column) => column.name);
  const wide = meta.filter((column) => WIDE_INTEGER.test(column.type)).map((column) => column.name);
  if (booleans.length === 0 && wide.length === 0) return data;
  for (const row of data) {
    for (const name of booleans) if (row[name] !== null) row[name] = Boolean(row[name]);
    for (const name of wide) if (typeof row[name] === 'string') row[name] = exactNumber(row[name] as string);
  }
  return data;
}

function exactNumber(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}
