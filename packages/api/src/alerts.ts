// Triggers and SLOs as clients send them, and an SLO's status as the API returns it: a
// trigger is one calculation over a saved query, checked against a threshold on a
// schedule; an SLO classifies a dataset's events good or bad against a target over a
// window. Both notify webhooks.
import { z } from 'zod';
import { CalculationSchema, FilterSchema, PerSchema, QuerySpecSchema } from '@flashlight/query';

export const WebhookSchema = z.strictObject({
  type: z.literal('webhook').default('webhook'),
  url: z.url({ protocol: /^https?$/ }).max(2000),
});

const NameSchema = z.string().trim().min(1).max(200);
const DatasetSchema = z.string().trim().min(1).max(255);
const FiltersSchema = z.array(FilterSchema).max(100).default([]);

export const THRESHOLD_OPS = ['>', '>=', '<', '<='] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

export const TriggerInputSchema = z
  .strictObject({
    name: NameSchema,
    dataset: DatasetSchema,
    query: z.strictObject({
      calculation: CalculationSchema.refine((c) => c.op !== 'HEATMAP', 'cannot be HEATMAP: a trigger compares one number, and HEATMAP has none'),
      filters: FiltersSchema,
      filter_combination: z.enum(['AND', 'OR']).default('AND'),
      breakdowns: z.array(z.string().min(1)).max(10).default([]),
      /** Per-entity rows to check instead of events (docs/per-entity.md): the rest of the query then names their columns. */
      per: PerSchema.optional(),
    }),
    threshold: z.strictObject({ op: z.enum(THRESHOLD_OPS), value: z.number() }),
    /** How often it is checked, and how far back each check looks. */
    frequency_seconds: z.number().int().min(60).max(86_400).default(60),
    duration_seconds: z.number().int().min(60).max(86_400).default(300),
    recipients: z.array(WebhookSchema).max(20).default([]),
    disabled: z.boolean().default(false),
  })
  .meta({ id: 'TriggerInput' });
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
  })
  .meta({ id: 'SloInput' });
export type SloInput = z.infer<typeof SloInputSchema>;

export const BurnDownPointSchema = z.object({
  /** Unix seconds at the end of the point's hour. */
  time: z.number(),
  /** Budget left as a fraction of the window's budget so far: 1 untouched, 0 spent, below 0 overspent. */
  budget_remaining: z.number().nullable(),
});
export type BurnDownPoint = z.infer<typeof BurnDownPointSchema>;

export const BURN_ALERT_NAMES = ['fast_burn', 'slow_burn'] as const;
export type BurnAlertName = (typeof BURN_ALERT_NAMES)[number];

export const SloStatusSchema = z
  .object({
    total: z.number(),
    good: z.number(),
    bad: z.number(),
    /** Percent of good events over the window; null without events. */
    compliance_percent: z.number().nullable(),
    budget_remaining: z.number().nullable(),
    /** Bad-event rate over each window divided by the rate the target allows. */
    burn_rates: z.record(z.string(), z.number().nullable()),
    alerts: z.record(z.enum(BURN_ALERT_NAMES), z.boolean()),
    burn_down: z.array(BurnDownPointSchema),
  })
  .meta({ id: 'SloStatus' });
export type SloStatus = z.infer<typeof SloStatusSchema>;

/** Post it to `POST /api/v1/bubbleup`, or run its query with the selection's filters to list the bad events. */
export const BadEventsRequestSchema = z.object({
  dataset: z.string(),
  query: QuerySpecSchema,
  selection: z.object({ filters: z.array(FilterSchema), filter_combination: z.enum(['AND', 'OR']) }),
});
export type BadEventsRequest = z.input<typeof BadEventsRequestSchema>;

/** A trigger or SLO as the API shows it: what was sent, with its id and current states. */
export const AlertItemSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    dataset: z.string(),
    recipients: z.array(z.object({ type: z.literal('webhook'), url: z.string() })),
    disabled: z.boolean(),
    created_by: z.string(),
    /** Per group (breakdown values, or `` for none): whether it is firing. */
    states: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AlertItem' });
export type AlertItem = z.infer<typeof AlertItemSchema>;

/** One attempt to deliver a notification to a webhook. */
export const DeliverySchema = z.looseObject({ url: z.string() }).meta({ id: 'Delivery' });

export const SloStatusAnswerSchema = SloStatusSchema.extend({
  id: z.string(),
  name: z.string(),
  target_percent: z.number(),
  /** The BubbleUp request for the events that burned the budget. */
  bad_events: BadEventsRequestSchema,
}).meta({ id: 'SloStatusAnswer' });
export type SloStatusAnswer = z.input<typeof SloStatusAnswerSchema>;
