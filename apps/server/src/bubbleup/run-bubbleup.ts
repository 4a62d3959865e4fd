// BubbleUp: what is different about a selected slice of a query's events versus the rest
// of them. Every column of the datasets is compared between selection and baseline, and
// the columns are ranked by how strongly they separate the two.
import { z } from 'zod';
import { ALL_DATASETS, FilterSchema, QueryError, planQuery, validateQuery, type FieldInfo, type QueryTarget } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { dialectForEngine } from '../query/dialect-for-engine.ts';
import { UnknownDatasetError } from '../query/run-query.ts';
import { compileBubbleUpCounts, compileBubbleUpTotals, type BubbleUpScope, type CountedColumn } from './bubbleup-sql.ts';
import { rankColumns, type CountRow, type RankedColumn } from './rank-columns.ts';

/** Unix seconds; a heatmap selection's edges fall between whole seconds. */
const SecondsSchema = z.number().nonnegative().max(253_402_300_799, 'expected unix seconds (this looks like milliseconds)');

/** The selected slice: filters on top of the query's, and optionally a narrower time window. */
export const BubbleUpSelectionSchema = z.strictObject({
  filters: z.array(FilterSchema).default([]),
  filter_combination: z.enum(['AND', 'OR']).default('AND'),
  start_time: SecondsSchema.optional(),
  end_time: SecondsSchema.optional(),
});

export type BubbleUpSelection = z.input<typeof BubbleUpSelectionSchema>;

export interface BubbleUpResult {
  /** Weighted event counts of the selection and of the rest of the query's events. */
  selected: number;
  baseline: number;
  /** Inclusive start and exclusive end of the compared events, unix seconds. */
  startTime: number;
  endTime: number;
  columns: RankedColumn[];
}

const isNumeric = (field: FieldInfo) => field.type === 'integer' || field.type === 'float';

function selectionScope(selection: unknown, query: { startUs: number; endUs: number }, target: QueryTarget, dataset: string, now: Date | undefined) {
  const parsed = BubbleUpSelectionSchema.safeParse(selection ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new QueryError(['selection', ...issue.path.map(String)].join('.'), issue.message);
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
  if (endUs <= startUs) throw new QueryError('selection.end_time', 'the selection ends before it starts or lies outside the query\'s time range');
  return {
    predicate: planQuery(valid, target.tables).filter,
    fields: new Set(filters.map((f) => f.column)),
    startUs,
    endUs,
  };
}

/**
 * Compares the selection with the rest of the query's events, column by column.
 * Throws QueryError for a bad query or selection and UnknownDatasetError for a dataset with no table.
 */
export async function runBubbleUp(store: Store, environment: string, dataset: string, spec: unknown, selection: unknown, now?: Date): Promise<BubbleUpResult> {
  const target = await store.target(environment, dataset === ALL_DATASETS ? ALL_DATASETS : [dataset]);
  if (!target || target.tables.length === 0) throw new UnknownDatasetError(dataset);
  const query = validateQuery(spec ?? {}, target, { dataset, now });
  const plan = planQuery(query, target.tables);
  const chosen = selectionScope(selection, query, target, dataset, now);
  const scope: BubbleUpScope = {
    tables: plan.tables,
    startUs: plan.startUs,
    endUs: plan.endUs,
    filter: plan.filter,
    selection: chosen.predicate,
    selectionStartUs: chosen.startUs,
    selectionEndUs: chosen.endUs,
  };
  const dialect = dialectForEngine(store.engine);
  const fields = [...target.fields.values()].sort((a, b) => a.name.localeCompare(b.name));
  const numeric = fields.filter(isNumeric);

  const totals = compileBubbleUpTotals(scope, numeric, dialect);
  const [summary] = await store.query(totals.sql, totals.params);
  const selected = Number(summary?.selected ?? 0);
  const baseline = Number(summary?.total ?? 0) - selected;
  const result = { selected, baseline, startTime: plan.startUs / 1e6, endTime: plan.endUs / 1e6 };
  if (selected === 0) return { ...result, columns: [] };

  // A numeric column without any value in these events has nothing to compare.
  const columns: CountedColumn[] = fields.flatMap((field): CountedColumn[] => {
    if (!isNumeric(field)) return [{ field, kind: 'values' }];
    const i = numeric.indexOf(field);
    const [low, high] = [summary[`lo${i}`], summary[`hi${i}`]];
    return low === null || low === undefined ? [] : [{ field, kind: 'buckets', low: Number(low), high: Number(high) }];
  });
  const counts = compileBubbleUpCounts(scope, columns, { selected, baseline }, dialect);
  const rows = (await store.query(counts.sql, counts.params)) as unknown as CountRow[];
  const selectedEvents = Number(summary.selected_events ?? 0);
  return { ...result, columns: rankColumns(columns, rows, { selected, baseline, selectedEvents }, chosen.fields) };
}
