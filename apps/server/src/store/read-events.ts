// Reads a dataset's events back as wide events, in time order: for exports, and for
// tests that compare what was stored with what was sent.
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN, asc, id, select, table, type FieldInfo } from '@flashlight/query';
import { runNode } from './run-node.ts';
import { exactInteger, setField, type FieldValue, type WideEvent } from '../events/wide-event.ts';
import type { Store } from './store.ts';

export async function readEvents(store: Store, environment: string, dataset: string): Promise<WideEvent[]> {
  const target = await store.target(environment, [dataset]);
  if (!target) return [];
  const [scanned] = target.tables;
  const fields = [...target.fields.values()].filter((f) => scanned.columns.has(f.column));
  const columns = [TIMESTAMP_COLUMN, SAMPLE_RATE_COLUMN, ...fields.map((f) => f.column)].map((c) => id(c));
  const query = select({ columns, from: table(scanned.table), orderBy: [asc(id(TIMESTAMP_COLUMN))] });
  const rows = await runNode(store, query);
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
