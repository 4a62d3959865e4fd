// What changed at a marker (`GET /api/v1/markers/:id/comparison`): numbers of two equal
// windows just before and after it, overall and per entry point.
import { z } from 'zod';
import { QuerySpecSchema } from '@flashlight/query';

export const WindowNumbersSchema = z.object({
  /** Weighted events. */
  count: z.number(),
  /** Weighted events per second of the window that has passed; null when none has. */
  rate: z.number().nullable(),
  /** null when the dataset has no `error` field. */
  errors: z.number().nullable(),
  error_rate: z.number().nullable(),
  p50_duration_ms: z.number().nullable(),
  p99_duration_ms: z.number().nullable(),
});
export type WindowNumbers = z.infer<typeof WindowNumbersSchema>;

export const MOVED_NUMBERS = ['rate', 'error_rate', 'p50_duration_ms', 'p99_duration_ms'] as const;
export type MovedNumber = (typeof MOVED_NUMBERS)[number];

export const EntryPointChangeSchema = z.object({
  /** The root span's name, e.g. `POST /orders`. */
  name: z.string(),
  before: WindowNumbersSchema.nullable(),
  after: WindowNumbersSchema.nullable(),
  /** The numbers that moved; empty when none did, or there were too few events to tell. */
  moved: z.array(z.enum(MOVED_NUMBERS)),
});
export type EntryPointChange = z.infer<typeof EntryPointChangeSchema>;

export const WindowStatsSchema = WindowNumbersSchema.extend({
  /** Unix seconds, start inclusive, end exclusive: the window as far as it has passed. */
  start_time: z.number(),
  end_time: z.number(),
  /** The window's full length, seconds; more than `end_time - start_time` while it is under way. */
  window_seconds: z.number(),
});
export type WindowStats = z.infer<typeof WindowStatsSchema>;

export const BeforeAfterSchema = z
  .object({
    dataset: z.string(),
    window_seconds: z.number(),
    before: WindowStatsSchema,
    after: WindowStatsSchema,
    /** Per entry point (root span name), those that moved first; empty for a dataset without spans. */
    entry_points: z.array(EntryPointChangeSchema),
    /** Post it to `POST /api/v1/bubbleup`: the after-window is the selection, the before-window the baseline. */
    bubbleup: z.object({
      dataset: z.string(),
      query: QuerySpecSchema,
      selection: z.object({ start_time: z.number(), end_time: z.number() }),
    }),
  })
  .meta({ id: 'BeforeAfter' });
export type BeforeAfter = z.input<typeof BeforeAfterSchema>;
