// The contracts of triggers and SLOs as clients send them: a trigger is one calculation
// over a saved query, checked against a threshold on a schedule; an SLO classifies a
// dataset's events good or bad against a target over a window. Both notify webhooks.
import { z } from 'zod';
import { CalculationSchema, FilterSchema } from '@flashlight/query';

export const WebhookSchema = z.strictObject({
  type: z.literal('webhook').default('webhook'),
  url: z.url({ protocol: /^https?$/ }).max(2000),
});

const NameSchema = z.string().trim().min(1).max(200);
const DatasetSchema = z.string().trim().min(1).max(255);
const FiltersSchema = z.array(FilterSchema).max(100).default([]);

export const THRESHOLD_OPS = ['>', '>=', '<', '<='] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

export const TriggerInputSchema = z.strictObject({
  name: NameSchema,
  dataset: DatasetSchema,
  query: z.strictObject({
    calculation: CalculationSchema.refine((c) => c.op !== 'HEATMAP', 'cannot be HEATMAP: a trigger compares one number, and HEATMAP has none'),
    filters: FiltersSchema,
    filter_combination: z.enum(['AND', 'OR']).default('AND'),
    breakdowns: z.array(z.string().min(1)).max(10).default([]),
  }),
  threshold: z.strictObject({ op: z.enum(THRESHOLD_OPS), value: z.number() }),
  /** How often it is checked, and how far back each check looks. */
  frequency_seconds: z.number().int().min(60).max(86_400).default(60),
  duration_seconds: z.number().int().min(60).max(86_400).default(300),
  recipients: z.array(WebhookSchema).max(20).default([]),
  disabled: z.boolean().default(false),
});
export type TriggerInput = z.infer<typeof TriggerInputSchema>;

export const SloInputSchema = z
  .strictObject({
    name: NameSchema,
    dataset: DatasetSchema,
    /** Which events count at all (ANDed), e.g. `name = POST /orders`. */
    scope: FiltersSchema,
    /** An event is good when these hold, e.g. `duration_ms < 300` AND `error != true` (OTLP spans carry `error` only when they failed). */
    good: z.array(FilterSchema).min(1).max(100),
    good_combination: z.enum(['AND', 'OR']).default('AND'),
    /** Percent of good events promised, e.g. 99.9. */
    target_percent: z.number().gt(0).lt(100),
    window_days: z.number().int().min(1).max(90).default(30),
    recipients: z.array(WebhookSchema).max(20).default([]),
    disabled: z.boolean().default(false),
  })
  .refine((s) => s.good_combination === 'AND' || s.scope.length === 0, {
    message: 'cannot be OR while there are scope filters; fold the scope into the dataset or use AND',
    path: ['good_combination'],
  });
export type SloInput = z.infer<typeof SloInputSchema>;
