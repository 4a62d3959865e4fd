// BubbleUp: what is different about a selected slice of a query's events versus the rest.
// The request names the query and the slice; the answer ranks every column.
import { z } from 'zod';
import { FilterSchema, QuerySpecSchema } from '@flashlight/query';
import { FieldTypeSchema, FieldValueSchema, MAX_UNIX_SECONDS } from './common.ts';

/** Unix seconds; a heatmap selection's edges fall between whole seconds. */
const SecondsSchema = z.number().nonnegative().max(MAX_UNIX_SECONDS, 'expected unix seconds (this looks like milliseconds)');

/** The selected slice: filters on top of the query's, and optionally a narrower time window. */
export const BubbleUpSelectionSchema = z
  .strictObject({
    filters: z.array(FilterSchema).default([]),
    filter_combination: z.enum(['AND', 'OR']).default('AND'),
    start_time: SecondsSchema.optional(),
    end_time: SecondsSchema.optional(),
  })
  .meta({ id: 'BubbleUpSelection' });
export type BubbleUpSelection = z.input<typeof BubbleUpSelectionSchema>;

export const BubbleUpRequestSchema = z
  .object({
    dataset: z.string().min(1),
    query: QuerySpecSchema.optional(),
    selection: BubbleUpSelectionSchema,
    /** List near-unique columns too. */
    near_unique: z.boolean().optional(),
  })
  .meta({ id: 'BubbleUpRequest' });
export type BubbleUpRequest = z.input<typeof BubbleUpRequestSchema>;

/** One value (or numeric bucket) of a column: its share of the selection and of the baseline. */
export const ValueShareSchema = z.object({
  /** The value; null where events lack the field, and for a numeric bucket (see `range`). */
  value: FieldValueSchema.nullable(),
  /** A numeric bucket's bounds: [low, high). */
  range: z.tuple([z.number(), z.number()]).optional(),
  selected: z.number(),
  baseline: z.number(),
  /** Weighted event counts behind the shares. */
  selectedCount: z.number(),
  baselineCount: z.number(),
  /** The selection's count of this value rests on too few sampled events: its 95% interval is wider than the count (docs/confidence.md). */
  uncertain: z.boolean().optional(),
});
export type ValueShare = z.infer<typeof ValueShareSchema>;

export const RankedColumnSchema = z.object({
  field: z.string(),
  type: FieldTypeSchema,
  kind: z.enum(['values', 'buckets']),
  /** Total variation distance between the two distributions, 0 (same) to 1 (disjoint). */
  score: z.number(),
  /** The distance a random selection of as many events would show on average; columns rank by score minus this. */
  chance: z.number(),
  /** Unique per event or per process (trace ids, timestamps, pids, ephemeral ports): noise for this question, listed only on request. */
  nearUnique: z.boolean(),
  /** The score in one sentence, with the value that differs most. */
  explanation: z.string(),
  /** Top values in order of prominence, or every bucket in ascending order with missing last. */
  values: z.array(ValueShareSchema),
  /** Shares of values not listed: a high-cardinality column's long tail, and values seen in too few events to tell. */
  other: z.object({ selected: z.number(), baseline: z.number() }),
  /** The selection is defined on this column, so its difference says nothing new; ranked last. */
  definesSelection: z.boolean(),
});
export type RankedColumn = z.infer<typeof RankedColumnSchema>;

/** A side estimated from `events` of its `of` events, stored in `slices` time slices. */
export const SideSampleSchema = z.object({ events: z.number(), of: z.number(), slices: z.number() });
export type SideSample = z.infer<typeof SideSampleSchema>;

export const BubbleUpResultSchema = z
  .object({
    /** Weighted event counts of the selection and of the rest of the query's events. */
    selected: z.number(),
    baseline: z.number(),
    /** Inclusive start and exclusive end of the compared events, unix seconds. */
    startTime: z.number(),
    endTime: z.number(),
    columns: z.array(RankedColumnSchema),
    /** Near-unique columns left out of `columns`; empty when they were asked for. */
    hidden: z.array(z.string()),
    /** Per side, null when every event was read; else the events read of the side's events. */
    sample: z.object({ selected: SideSampleSchema.nullable(), baseline: SideSampleSchema.nullable() }),
  })
  .meta({ id: 'BubbleUpResult' });
export type BubbleUpResult = z.infer<typeof BubbleUpResultSchema>;
