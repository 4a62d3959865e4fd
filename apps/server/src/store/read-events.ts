// Reads a dataset's events back as wide events, in time order: for exports, and for
// tests that compare what was stored with what was sent. Only generated table and
// column names appear in the SQL, so no field name needs quoting.
import type { FieldInfo } from '@flashlight/query';
import { exactInteger, setField, type FieldValue, type WideEvent } from '../events/wide-event.ts';
import type { Store } from './store.ts';

export async function readEvents(store: Store, environment: string, dataset: string): Promise<WideEvent[]> {
  const target = await store.target(environment, [dataset]);
  if (!target) return [];
  const [table] = target.tables;
  const fields = [...target.fields.values()].filter((f) => table.columns.has(f.column));
  const columns = ['ts', 'sample_rate', ...fields.map((f) => f.column)].map((c) => `"${c}"`).join(', ');
  const rows = await store.query(`SELECT ${columns} FROM "${table.table}" ORDER BY ts`, []);
  return rows.map((row) => toEvent(row, fields));
}

function toEvent(row: Record<string, unknown>, fields: FieldInfo[]): WideEvent {
  const event: WideEvent = { timeUs: toMicros(row.ts), sampleRate: Number(row.sample_rate), fields: {} };
  for (const field of fields) {
    const value = row[field.column];
    if (value === null || value === undefined) continue;
    setField(event.fields, field.name, (typeof value === 'bigint' ? exactInteger(value) : wideInteger(value, field)) as FieldValue);
  }
  return event;
}

/** ClickHouse answers an Int64 as text; an int64 beyond 2^53 stays exact as a bigint. */
function wideInteger(value: unknown, field: FieldInfo): unknown {
  return field.type === 'integer' && typeof value === 'string' ? exactInteger(BigInt(value)) : value;
}

function toMicros(value: unknown): number {
  if (value instanceof Date) return value.getTime() * 1000;
  if (typeof value === 'bigint') return Number(value);
  return Number(value);
}
