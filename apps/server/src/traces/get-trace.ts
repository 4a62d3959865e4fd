// Reads one trace: the store's trace index says which dataset tables hold its events and
// in which time range, so only those tables are read, only within that range, and all
// at once.
import { TIMESTAMP_COLUMN, and, as, by, eq, fn, id, op, select, table as fromTable, val, type QueryTarget } from '@flashlight/query';
import { setField, type FieldValue } from '../events/wide-event.ts';
import type { Store, TraceLocation } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';
import { buildTrace, type Trace, type TraceEvent } from './trace-tree.ts';

export const TRACE_ID_FIELD = 'trace.trace_id';

/** W3C trace ids are 32 hex digits; other tracers' ids are longer, but not this long. */
export const MAX_TRACE_ID_LENGTH = 256;

/** Most events read for one trace; a runaway client can put millions in one. */
export const MAX_TRACE_EVENTS = 50_000;

/**
 * Narrows the read to a time range (µs) the caller already knows, e.g. from a query
 * result, and caps the events read (the earliest are kept).
 */
export interface TraceHint {
  startUs?: number;
  endUs?: number;
  maxEvents?: number;
}

/** Null when no event of the trace is stored (in the hinted range). */
export async function getTrace(store: Store, environment: string, traceId: string, hint: TraceHint = {}): Promise<Trace | null> {
  const maxEvents = hint.maxEvents ?? MAX_TRACE_EVENTS;
  let locations = await store.findTrace(environment, traceId);
  // OTLP ids are stored as lowercase hex; one pasted from elsewhere may be in capitals.
  if (locations.length === 0 && traceId !== traceId.toLowerCase()) {
    traceId = traceId.toLowerCase();
    locations = await store.findTrace(environment, traceId);
  }
  const target = locations.length > 0 ? await store.target(environment, [...new Set(locations.map((l) => l.dataset))]) : null;
  // The tables are read at once, each for the earliest events that could fit; the
  // earliest of all are kept.
  const read = await Promise.all(locations.map((location) => (target ? readLocation(store, target, location, traceId, hint, maxEvents) : [])));
  const events = read.flat().sort((a, b) => a.timeUs - b.timeUs);
  const truncated = events.length > maxEvents;
  if (truncated) events.length = maxEvents;
  return buildTrace(traceId, events, truncated);
}

/** Up to one more than `maxEvents` of the trace's events in one table, earliest first. */
async function readLocation(
  store: Store,
  target: QueryTarget,
  location: TraceLocation,
  traceId: string,
  hint: TraceHint,
  maxEvents: number,
): Promise<TraceEvent[]> {
  const startUs = Math.max(location.minTimeUs, hint.startUs ?? -Infinity);
  const endUs = Math.min(location.maxTimeUs, hint.endUs ?? Infinity);
  const table = target.tables.find((t) => t.table === location.table);
  const traceIdField = target.fields.get(TRACE_ID_FIELD);
  if (startUs > endUs || !table || !traceIdField || !table.columns.has(traceIdField.column)) return [];

  const fields = [...target.fields.values()].filter((field) => table.columns.has(field.column));
  const ts = id(TIMESTAMP_COLUMN);
  const at = (us: number) => fn('timestampFromMicros', val(us));
  const query = select({
    columns: [as(fn('epochMicros', ts), 'time_us'), ...fields.map((f) => id(f.column))],
    from: fromTable(table.table),
    where: and(eq(id(traceIdField.column), val(traceId)), op('>=', ts, at(startUs)), op('<=', ts, at(endUs))),
    orderBy: [by(ts)],
    // One more than fits tells whether the trace was cut short.
    limit: val(maxEvents + 1),
  });
  const rows = await runNode(store, query);
  return rows.map((row) => {
    const values: Record<string, FieldValue> = {};
    for (const field of fields) {
      const cell = row[field.column];
      if (cell !== null && cell !== undefined) setField(values, field.name, (typeof cell === 'bigint' ? Number(cell) : cell) as FieldValue);
    }
    return { dataset: location.dataset, timeUs: Number(row.time_us), fields: values };
  });
}
