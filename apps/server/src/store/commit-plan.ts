// Turns the batches of one group commit into column-wise table writes, the catalog
// changes they need (new datasets, fields, columns, widened types) and the trace index
// rows, without touching the database: an engine then writes the plan. Engine-neutral.
import { wellFormedText, type FieldType } from '@flashlight/query';
import type { DatasetBatch, FieldValue } from '../events/wide-event.ts';
import { fieldsJson } from '../events/fields-json.ts';
import { CatalogDraft, type Catalog, type CatalogNaming, type DatasetEntry, type EnvironmentCatalog } from './catalog.ts';
import { companionFieldName, fitValue, typeOfValue } from './field-values.ts';
import { storableValue } from './finite-numbers.ts';
import { isReservedField } from './reserved-fields.ts';
import type { NewColumnBudget } from './new-column-budget.ts';

/** The field that holds, as a JSON object, the fields a dataset had no column left for. */
export const OVERFLOW_FIELD = 'meta.overflow';
export const TRACE_ID_FIELD = 'trace.trace_id';
/**
 * Last-seen times (of datasets and their columns) move in steps of this much, so that
 * not every commit has to rewrite those catalog rows.
 */
export const LAST_SEEN_STEP_MS = 1000;
/**
 * New columns one batch (one request's events for one dataset) may add to its dataset, as
 * OpenTelemetry limits attributes per span: one request cannot fill a dataset. Reserved
 * fields (reserved-fields.ts) do not count.
 */
export const MAX_NEW_COLUMNS_PER_REQUEST = 250;

export interface TableWrite {
  environment: string;
  /** The draft entry: its columns, in table order, are the columns to write. */
  dataset: DatasetEntry;
  /** Rows this commit writes to the table; `rowCount` counts them as they are placed. */
  rows: number;
  rowCount: number;
  timeUs: number[];
  sampleRate: number[];
  /** Column → value per row; rows without the field have no entry. */
  values: Map<string, FieldValue[]>;
}

/** The time range of one trace's events in one table, within this commit. */
export interface TraceRange {
  environment: string;
  traceId: string;
  table: string;
  minTimeUs: number;
  maxTimeUs: number;
}

export interface CommitPlan {
  draft: CatalogDraft;
  writes: TableWrite[];
  traces: TraceRange[];
  /** Per batch, in the order given: what to tell its sender. */
  warnings: string[][];
  /** Per batch, in the order given: how many events it stored. */
  eventCounts: number[];
  /** Wall-clock ms of the commit: first/last seen of what it writes. */
  now: number;
}

export function planCommit(
  catalog: Catalog,
  batches: readonly DatasetBatch[],
  maxColumnsPerDataset: number,
  now: number,
  naming: CatalogNaming,
  newColumns?: NewColumnBudget,
): CommitPlan {
  const draft = new CatalogDraft(catalog, naming);
  // Names are kept as the database will give them back: UTF-8 has no lone surrogates.
  const targets = batches.map((b) => ({ environment: wellFormedText(b.environment), dataset: wellFormedText(b.dataset) }));
  // Each table's rows are known up front, so its column arrays are made that long at once:
  // an array first written far past its end turns into a slow dictionary.
  const rowsByDataset = new Map<string, number>();
  const datasetKey = (t: { environment: string; dataset: string }) => `${t.environment}\u0000${t.dataset}`;
  targets.forEach((t, i) => rowsByDataset.set(datasetKey(t), (rowsByDataset.get(datasetKey(t)) ?? 0) + batches[i].events.length));
  const writes = new Map<string, TableWrite>();
  // Table → trace id → range: a table belongs to one environment, so the id is key enough.
  const traces = new Map<string, Map<string, TraceRange>>();
  const warnings = batches.map((batch, i) => {
    const { environment } = targets[i];
    const env = draft.environment(environment);
    const dataset = draft.writableDataset(env, targets[i].dataset) ?? draft.createDataset(environment, env, targets[i].dataset, now);
    if (dataset.lastEventAt === null || now - dataset.lastEventAt >= LAST_SEEN_STEP_MS) dataset.lastEventAt = now;
    let write = writes.get(dataset.table);
    if (!write) {
      const rows = rowsByDataset.get(datasetKey(targets[i]))!;
      write = { environment, dataset, rows, rowCount: 0, timeUs: [], sampleRate: [], values: new Map() };
      writes.set(dataset.table, write);
    }
    let tableTraces = traces.get(dataset.table);
    if (!tableTraces) {
      tableTraces = new Map();
      traces.set(dataset.table, tableTraces);
    }
    const sender = batches[i].sender;
    const keyAllowance = sender !== undefined && newColumns ? newColumns.remaining(sender, environment, dataset.name) : Infinity;
    const placer = new FieldPlacer(draft, environment, env, dataset, write, maxColumnsPerDataset, keyAllowance, now);
    for (const event of batch.events) {
      const row = write.rowCount++;
      write.timeUs.push(event.timeUs);
      write.sampleRate.push(event.sampleRate);
      placer.placeEvent(row, event.fields);
      const traceId = event.fields[TRACE_ID_FIELD];
      if (traceId !== undefined) {
        noteTrace(tableTraces, environment, String(traceId), dataset.table, event.timeUs);
      }
    }
    if (sender !== undefined) newColumns?.spend(sender, environment, dataset.name, placer.addedColumns);
    return placer.warnings(newColumns?.perKeyPerDay);
  });
  const eventCounts = batches.map((b) => b.events.length);
  const traceRanges = [...traces.values()].flatMap((byId) => [...byId.values()]);
  return { draft, writes: [...writes.values()], traces: traceRanges, warnings, eventCounts, now };
}

function noteTrace(tableTraces: Map<string, TraceRange>, environment: string, traceId: string, table: string, timeUs: number) {
  const range = tableTraces.get(traceId);
  if (!range) tableTraces.set(traceId, { environment, traceId, table, minTimeUs: timeUs, maxTimeUs: timeUs });
  else {
    if (timeUs < range.minTimeUs) range.minTimeUs = timeUs;
    if (timeUs > range.maxTimeUs) range.maxTimeUs = timeUs;
  }
}

/**
 * Why a field went to the overflow field: its dataset is full, its request added its share,
 * or its key added its share of the day.
 */
type OverflowReason = 'dataset' | 'request' | 'key';

/** Places the fields of one batch's events into columns of one dataset table. */
class FieldPlacer {
  private readonly overflowNames: Record<OverflowReason, Set<string>> = { dataset: new Set(), request: new Set(), key: new Set() };
  /** New columns this batch added that count against the limits. */
  addedColumns = 0;
  /**
   * Fields this batch has already stored a value in unchanged, with the field's type then:
   * a later value that goes in unchanged too goes straight to the column. (That stays
   * true when the field has widened since: an integer goes into a float field as it is.)
   */
  private readonly direct = new Map<string, { type: FieldType; values: FieldValue[] }>();

  constructor(
    private readonly draft: CatalogDraft,
    private readonly environment: string,
    private readonly env: EnvironmentCatalog,
    private readonly dataset: DatasetEntry,
    private readonly write: TableWrite,
    private readonly maxColumns: number,
    /** New columns the sending key may still add to this dataset today. */
    private readonly keyAllowance: number,
    private readonly now: number,
  ) {}

  placeEvent(row: number, fields: Record<string, FieldValue>): void {
    let overflow: Record<string, FieldValue> | undefined;
    for (const name in fields) {
      const value = storableValue(fields[name]);
      const direct = this.direct.get(name);
      if (direct && direct.values[row] === undefined && storedAsIs(typeOfValue(value), direct.type)) {
        direct.values[row] = value;
      } else if (!this.place(row, name, value, false)) (overflow ??= {})[name] = value;
    }
    if (!overflow) return;
    // The overflow field is exempt from the limit, so only a field of the same name in
    // this very event can stand in its way.
    const json = fieldsJson(overflow);
    let name = OVERFLOW_FIELD;
    while (!this.place(row, name, json, true)) name = companionFieldName(name, 'string');
  }

  /**
   * Stores the value in its field's column, following the type rules of field-values.ts.
   * False when the dataset has no column left for it (or, rarely, when an event carries
   * both a conflicting value and a field already named like its companion).
   */
  private place(row: number, name: string, value: FieldValue, isOverflow: boolean): boolean {
    name = wellFormedText(name);
    for (;;) {
      let field = this.env.fields.get(name);
      if (!field) {
        const refused = this.columnRefused(name, isOverflow);
        if (refused) return this.noteOverflow(name, refused);
        field = this.draft.createField(this.environment, this.env, name);
      }
      // The field's type in this dataset; a field new to it takes its first value's.
      const seen = this.dataset.columns.get(field.column);
      const fit = fitValue(seen?.type ?? typeOfValue(value), value);
      if (fit.kind === 'companion') {
        name = companionFieldName(name, fit.valueType);
        continue;
      }
      if (fit.kind === 'widen') seen!.type = 'float';
      const column = this.columnFor(name, field.column, typeOfValue(fit.value), isOverflow);
      if (typeof column === 'string') return this.noteOverflow(name, column);
      if (column.values[row] !== undefined) return false;
      column.values[row] = fit.value;
      if (fit.kind === 'store' && fit.value === value && !isOverflow) this.direct.set(name, { type: column.type, values: column.values });
      return true;
    }
  }

  /**
   * The column's values in this write and its type in the dataset (`type` for a new one),
   * or why the dataset has no column for the field.
   */
  private columnFor(name: string, column: string, type: FieldType, isOverflow: boolean): { type: FieldType; values: FieldValue[] } | OverflowReason {
    let seen = this.dataset.columns.get(column);
    if (seen) {
      if (this.now - seen.lastSeen >= LAST_SEEN_STEP_MS) seen.lastSeen = this.now;
    } else {
      const refused = this.columnRefused(name, isOverflow);
      if (refused) return refused;
      seen = { type, firstSeen: this.now, lastSeen: this.now };
      this.dataset.columns.set(column, seen);
      if (!isOverflow && !isReservedField(name)) this.addedColumns++;
    }
    let values = this.write.values.get(column);
    if (!values) {
      values = new Array(this.write.rows);
      this.write.values.set(column, values);
    }
    return { type: seen.type, values };
  }

  /**
   * Why a new column for the field is refused, or null when it may have one. The overflow
   * field and reserved fields are always let in; the last column of a dataset is kept for
   * the overflow field. A dataset exceeds its limit only by reserved fields and fields
   * named like the overflow field.
   */
  private columnRefused(name: string, isOverflow: boolean): OverflowReason | null {
    if (isOverflow || isReservedField(name)) return null;
    if (this.dataset.columns.size >= this.maxColumns - 1) return 'dataset';
    if (this.addedColumns >= MAX_NEW_COLUMNS_PER_REQUEST) return 'request';
    return this.addedColumns >= this.keyAllowance ? 'key' : null;
  }

  private noteOverflow(name: string, reason: OverflowReason): false {
    this.overflowNames[reason].add(name);
    return false;
  }

  /** What to tell the sender; `perKeyPerDay` is the key's daily budget, when there is one. */
  warnings(perKeyPerDay?: number): string[] {
    const dataset = JSON.stringify(this.dataset.name);
    const why: Record<OverflowReason, string> = {
      dataset: `dataset ${dataset} has reached its limit of ${this.maxColumns} columns`,
      request: `a request may add at most ${MAX_NEW_COLUMNS_PER_REQUEST} new columns to dataset ${dataset}`,
      key: `an API key may add at most ${perKeyPerDay} new columns a day to dataset ${dataset} (--new-columns-per-key-per-day), and this key has used them`,
    };
    return (['dataset', 'request', 'key'] as const).flatMap((reason) => {
      const names = [...this.overflowNames[reason]];
      if (names.length === 0) return [];
      const shown = names
        .slice(0, 5)
        .map((n) => JSON.stringify(n.length > 100 ? n.slice(0, 100) + '…' : n))
        .join(', ');
      const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
      const count = names.length === 1 ? '1 field' : `${names.length} fields`;
      return [`${why[reason]}: ${count} (${shown}${more}) were stored as JSON in the field ${JSON.stringify(OVERFLOW_FIELD)}`];
    });
  }
}

/** Whether a value of this type goes into a field of that type unchanged (field-values.ts). */
function storedAsIs(valueType: FieldType, fieldType: FieldType): boolean {
  return valueType === fieldType || (valueType === 'integer' && fieldType === 'float');
}
