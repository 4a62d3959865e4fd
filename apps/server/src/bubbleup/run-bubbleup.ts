// BubbleUp: what is different about a selected slice of a query's events versus the rest
// of them. Every column of the datasets is compared between selection and baseline, and
// the columns are ranked by how strongly they separate the two, beyond chance. A side with
// more events than a fixed budget is estimated from a sample of about that many, and the
// answer says so; columns are compared in batches, so a wide dataset is read in bounded passes.
import {
  ALL_DATASETS,
  QueryError,
  QuerySpecSchema,
  derivedColumnsOf,
  derivedFieldsOfTarget,
  issuePath,
  issueSentence,
  planQuery,
  validateQuery,
  withCalculatedFields,
  type FieldInfo,
  type QueryTarget,
} from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { dialectForEngine } from '../query/dialect-for-engine.ts';
import { runNode } from '../store/run-node.ts';
import { UnknownDatasetError } from '../query/run-query.ts';
import { READ_TOTALS, compileBubbleUpTotals, type BubbleUpScope, type CountedColumn, type SideRead } from './bubbleup-sql.ts';
import { SAMPLE_SLICES, timeSample } from './time-sample.ts';
import { rankColumns, type BoundedColumn, type RankedColumn } from './rank-columns.ts';
import { countPass, shiftedRow, type CountedRow } from './count-pass.ts';
import { BubbleUpSelectionSchema } from '@flashlight/api';
import type { BubbleUpSelection, BubbleUpResult, SideSample } from '@flashlight/api';
export { BubbleUpSelectionSchema };
export type { BubbleUpSelection, BubbleUpResult, SideSample };

/**
 * Events read per side: a side with more than twice as many is sampled down to about this
 * many. Enough that a share's sampling error is a fraction of a percent, few enough that
 * ten million events answer in about a second.
 */
export const SAMPLE_EVENTS = 100_000;
/**
 * Events a sampled side may pass over, selected or not, per event it is to read: a
 * selection spread thinly through its window is read from fewer events rather than
 * from most of the window's storage.
 */
const SCANNED_PER_EVENT_READ = 5;
/**
 * Values (events read × columns) one statement may count: a wide dataset's columns are
 * compared in passes of as many columns as fit, so its memory stays bounded.
 */
const VALUES_PER_PASS = 4_000_000;
/** Columns per statement at most, however few the events: the statement's size stays bounded too. */
const MAX_COLUMNS_PER_PASS = 100;

export interface BubbleUpOptions {
  now?: Date;
  /** Events to read per side (Infinity reads every event). */
  sampleEvents?: number;
  /** List near-unique columns (trace ids, timestamps, pids) too. */
  nearUnique?: boolean;
}

/**
 * How to read a side of `events` events among `windowEvents` in its window, with `budget`
 * events to read: whole when it has at most twice that, else in time slices.
 */
function sideRead(events: number, windowEvents: number, window: [number, number], budget: number): SideRead {
  const fraction = events > 2 * budget ? Math.min(budget / events, (SCANNED_PER_EVENT_READ * budget) / windowEvents) : 1;
  return timeSample(window[0], window[1], fraction);
}

const isNumeric = (field: FieldInfo) => field.type === 'integer' || field.type === 'float';

function selectionScope(selection: unknown, query: { startUs: number; endUs: number }, target: QueryTarget, dataset: string, now: Date | undefined) {
  const parsed = BubbleUpSelectionSchema.safeParse(selection ?? {});
  if (!parsed.success) {
    const issue = { ...parsed.error.issues[0], path: ['selection', ...parsed.error.issues[0].path] };
    const sentence = issueSentence(issue, 'the selection');
    throw new QueryError(issuePath(issue.path), sentence.slice(issuePath(issue.path).length + 1), sentence);
  }
  const { filters, filter_combination, start_time, end_time } = parsed.data;
  let valid;
  try {
    valid = validateQuery({ filters, filter_combination }, target, { dataset, now });
  } catch (error) {
    if (error instanceof QueryError) throw new QueryError(`selection.${error.path}`, error.detail);
    throw error;
  }
  const startUs = start_time === undefined ? query.startUs : Math.max(query.startUs, Math.round(start_time * 1e6));
  const endUs = end_time === undefined ? query.endUs : Math.min(query.endUs, Math.round(end_time * 1e6));
  if (endUs <= startUs) throw new QueryError('selection.end_time', "the selection ends before it starts or lies outside the query's time range");
  const plan = planQuery(valid, target.tables);
  return {
    predicate: plan.filter,
    derived: plan.derived,
    fields: new Set(filters.map((f) => f.column)),
    startUs,
    endUs,
  };
}

/** Splits `items` into runs of `size`. */
function batches<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * Compares the selection with the rest of the query's events, column by column.
 * Throws QueryError for a bad query or selection and UnknownDatasetError for a dataset with no table.
 */
export async function runBubbleUp(
  store: Store,
  environment: string,
  dataset: string,
  spec: unknown,
  selection: unknown,
  { now, sampleEvents = SAMPLE_EVENTS, nearUnique = false }: BubbleUpOptions = {},
): Promise<BubbleUpResult> {
  const target = await store.target(environment, dataset === ALL_DATASETS ? ALL_DATASETS : [dataset]);
  if (!target || target.tables.length === 0) throw new UnknownDatasetError(dataset);
  const query = validateQuery(spec ?? {}, target, { dataset, now });
  if (query.per) throw new QueryError('per', 'BubbleUp compares events, not per-entity rows');
  const plan = planQuery(query, target.tables);
  // The query's inline derived columns are columns of its events: the selection may be drawn on one, and each is compared.
  const withInline = withCalculatedFields(target, QuerySpecSchema.parse(spec ?? {}).calculated_fields);
  const chosen = selectionScope(selection, query, withInline, dataset, now);
  const fields = [...target.fields.values(), ...derivedFieldsOfTarget(withInline)].sort((a, b) => a.name.localeCompare(b.name));
  const scope: BubbleUpScope = {
    tables: plan.tables,
    startUs: plan.startUs,
    endUs: plan.endUs,
    filter: plan.filter,
    selection: chosen.predicate,
    selectionStartUs: chosen.startUs,
    selectionEndUs: chosen.endUs,
    derived: { ...plan.derived, ...chosen.derived, ...derivedColumnsOf(fields) },
  };
  const dialect = dialectForEngine(store.engine);

  const [summary] = await runNode(store, compileBubbleUpTotals(scope));
  const selected = Number(summary?.selected ?? 0);
  const baseline = Number(summary?.total ?? 0) - selected;
  const result = { selected, baseline, startTime: plan.startUs / 1e6, endTime: plan.endUs / 1e6 };
  if (selected === 0) return { ...result, columns: [], hidden: [], sample: { selected: null, baseline: null } };

  const columns = fields.map((field): CountedColumn => ({ field, kind: isNumeric(field) ? 'buckets' : 'values' }));
  const selectedEvents = Number(summary.selected_events ?? 0);
  const baselineEvents = Number(summary.events ?? 0) - selectedEvents;
  // The selection is sampled between its first and last events, so slices cannot miss a
  // burst; the events in that window, as if spread evenly, are a cost estimate only.
  const selectionWindow: [number, number] = [Number(summary.first_us), Number(summary.last_us) + 1];
  const selectionWindowEvents = (Number(summary.events ?? 0) * (selectionWindow[1] - selectionWindow[0])) / (scope.endUs - scope.startUs);
  const reads = {
    selection: sideRead(selectedEvents, selectionWindowEvents, selectionWindow, sampleEvents),
    baseline: sideRead(baselineEvents, Number(summary.events ?? 0), [scope.startUs, scope.endUs], sampleEvents),
  };
  // Each pass reads the same rows (the slices are a fixed function of the window), so their totals agree.
  const readOf = (events: number, side: SideRead) => Math.ceil(events * side.covered);
  const eventsRead = readOf(selectedEvents, reads.selection) + readOf(baselineEvents, reads.baseline);
  const perPass = Math.max(1, Math.min(MAX_COLUMNS_PER_PASS, Math.floor(VALUES_PER_PASS / Math.max(1, eventsRead))));
  const rows: CountedRow[] = [];
  let read: CountedRow | undefined;
  for (const [pass, batch] of batches(columns, perPass).entries()) {
    const offset = pass * perPass;
    for (const row of await countPass(store, scope, batch, { selected, baseline }, reads, dialect)) {
      if (String(row.col) === READ_TOTALS) read ??= row;
      else rows.push(shiftedRow(row, offset));
    }
  }
  // Shares are taken within the events read, so a sampled side's shares still add up.
  const readSelected = Number(read?.sel_w ?? 0);
  const readEvents = { selected: Number(read?.sel_events ?? 0), baseline: Number(read?.events ?? 0) - Number(read?.sel_events ?? 0) };
  const weights = {
    selected: readSelected,
    baseline: Number(read?.all_w ?? 0) - readSelected,
    selectedEvents: readEvents.selected,
    events: Number(read?.events ?? 0),
  };
  // A numeric column's buckets cut its range in the events read; without any value there it has nothing to compare.
  const bounded = columns.map((counted, index): BoundedColumn => {
    if (counted.kind === 'values') return { field: counted.field, kind: 'values' };
    const bounds = rows.find((row) => row.col === String(index) && row.lo !== null && row.lo !== undefined);
    return { field: counted.field, kind: 'buckets', low: Number(bounds?.lo ?? 0), high: Number(bounds?.hi ?? 0) };
  });
  const hasValues = (column: RankedColumn) => column.kind === 'values' || column.values.some((value) => value.range);
  const sampleOf = (side: SideRead, events: number, of: number): SideSample | null => (side.covered < 1 ? { events, of, slices: SAMPLE_SLICES } : null);
  const ranked = rankColumns(bounded, rows, weights, chosen.fields).filter(hasValues);
  return {
    ...result,
    columns: nearUnique ? ranked : ranked.filter((column) => !column.nearUnique),
    hidden: nearUnique ? [] : ranked.filter((column) => column.nearUnique).map((column) => column.field),
    sample: {
      selected: sampleOf(reads.selection, readEvents.selected, selectedEvents),
      baseline: sampleOf(reads.baseline, readEvents.baseline, baselineEvents),
    },
  };
}
