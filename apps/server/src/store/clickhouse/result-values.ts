// Query results as the DuckDB engine gives them, so answers compare equal across engines:
// boolean fields are stored as Nullable(UInt8) and come back as true/false; 64-bit
// integers already arrive as JSON numbers (clickhouse-http.ts asks for that).
import type { SelectResult } from './clickhouse-http.ts';
import { COLUMN_TYPES } from './clickhouse-nodes.ts';

export function resultRows({ meta, data }: SelectResult): Record<string, unknown>[] {
  const booleans = meta.filter((column) => column.type === COLUMN_TYPES.boolean).map((column) => column.name);
  if (booleans.length === 0) return data;
  for (const row of data) {
    for (const name of booleans) if (row[name] !== null) row[name] = Boolean(row[name]);
  }
  return data;
}
