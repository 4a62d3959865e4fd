// The entity lens (`GET /api/v1/entity`): one value of an identity field (a user, a team,
// a route) against everyone else.
import { z } from 'zod';
import { FilterSchema } from '@flashlight/query';
import { FieldsSchema } from './common.ts';
import { BubbleUpResultSchema } from './bubbleup.ts';

export const EntityRequestSchema = z.strictObject({
  dataset: z.string().min(1),
  field: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean()]),
  /** The query's filters apply to entity and population alike. */
  filters: z.array(FilterSchema).default([]),
  time_range: z.number().int().positive().optional(),
  start_time: z.number().int().nonnegative().optional(),
  end_time: z.number().int().nonnegative().optional(),
  /** List near-unique columns in the BubbleUp too. */
  near_unique: z.boolean().default(false),
});
export type EntityRequest = z.infer<typeof EntityRequestSchema>;

export const KeyNumbersSchema = z.object({
  /** Weighted events in the time range. */
  count: z.number(),
  /** Weighted events per second. */
  rate: z.number(),
  /** Share of events with `error` = true; null where the dataset has no error field. */
  errorRate: z.number().nullable(),
  p50: z.number().nullable(),
  p99: z.number().nullable(),
});
export type KeyNumbers = z.infer<typeof KeyNumbersSchema>;

export const EntityRankSchema = z.object({
  /** What entities are ranked by: `P99(duration_ms)`, `error rate`. */
  by: z.string(),
  /** Share of the other entities with a lower number, 0 to 1; null without a number of its own. */
  percentile: z.number().nullable(),
  /** Entities ranked (the busiest ones, up to the query limit); those with too few events for the number are left out. */
  entities: z.number(),
  /** The entity's own number rests on too few events to rank (its 95% interval is wider than the number): `percentile` is null. */
  uncertain: z.boolean().optional(),
});
export type EntityRank = z.infer<typeof EntityRankSchema>;

export const TailEventSchema = z.object({
  /** Unix milliseconds. */
  time: z.number(),
  sampleRate: z.number(),
  fields: FieldsSchema,
});
export type TailEvent = z.infer<typeof TailEventSchema>;

export const EntityLensSchema = z
  .object({
    field: z.string(),
    value: z.union([z.string(), z.number(), z.boolean()]),
    startTime: z.number(),
    endTime: z.number(),
    entity: KeyNumbersSchema,
    /** The events with another value of the field: everyone else, the entity left out. */
    everyoneElse: KeyNumbersSchema,
    ranks: z.array(EntityRankSchema),
    latest: z.array(TailEventSchema),
    bubbleUp: BubbleUpResultSchema,
  })
  .meta({ id: 'EntityLens' });
export type EntityLens = z.infer<typeof EntityLensSchema>;
