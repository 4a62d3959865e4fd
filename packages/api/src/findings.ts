// Findings (`GET /api/v1/findings`): what the watcher noticed changing on its own, where,
// since when, how much, and why; and the feedback that quiets it (expected, snooze, mute).
import { z } from 'zod';
import { QuerySpecSchema } from '@flashlight/query';
import { BubbleUpSelectionSchema } from './bubbleup.ts';

export const FINDING_KINDS = ['volume', 'errors', 'latency', 'new_value'] as const;
export const FindingKindSchema = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKindSchema>;

export const FINDING_METRICS = ['rate', 'error_ratio', 'p50', 'p95', 'p99', 'new_value'] as const;

export const FindingChangeSchema = z.object({
  dataset: z.string(),
  /** Where in the dataset: an entry point (root span name), a vendor, or the dataset itself (new values). */
  place: z.enum(['entry_point', 'vendor', 'dataset']),
  name: z.string().nullable(),
  kind: FindingKindSchema,
  metric: z.enum(FINDING_METRICS),
  direction: z.enum(['up', 'down', 'new']),
  /** The baseline's value: weighted events per minute, a ratio, milliseconds; null for a new value. */
  baseline: z.number().nullable(),
  /** The latest window's value. */
  current: z.number().nullable(),
  /** Noise scales between the two. */
  score: z.number().nullable(),
  /** A new value's field and value. */
  field: z.string().nullable(),
  value: z.string().nullable(),
  /** Unix seconds: the first window that showed it, the last, and when it recovered. */
  since: z.number(),
  last_seen: z.number(),
  recovered_at: z.number().nullable(),
});
export type FindingChange = z.infer<typeof FindingChangeSchema>;

export const FindingCauseSchema = z.object({
  /** What points at it: the BubbleUp of the changed slice, a new value, a vendor's shift, a change-ledger marker. */
  source: z.enum(['bubbleup', 'new_value', 'vendor', 'marker']),
  /** e.g. `service.version = "2.4.0"`, `vendor fulfilment: error ratio 0% → 80%`. */
  label: z.string(),
  field: z.string().nullable(),
  value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  /** Share of the changed slice with the value, and of the baseline (BubbleUp). */
  selected: z.number().nullable(),
  baseline: z.number().nullable(),
  /** A marker that announced it. */
  marker_id: z.string().nullable(),
});
export type FindingCause = z.infer<typeof FindingCauseSchema>;

export const FindingMarkerSchema = z.object({ id: z.string(), type: z.string(), message: z.string(), time: z.number() });

export const FindingExplanationSchema = z.object({
  /** The likeliest cause first. */
  causes: z.array(FindingCauseSchema),
  /** Change-ledger and user markers just before the change. */
  markers: z.array(FindingMarkerSchema),
  /** Example traces of the changed slice. */
  traces: z.array(z.string()),
  /** The changed slice as a query, and as the BubbleUp request that explains it. */
  query: z.object({ dataset: z.string(), query: QuerySpecSchema }),
  bubbleup: z.object({ dataset: z.string(), query: QuerySpecSchema, selection: BubbleUpSelectionSchema }),
});
export type FindingExplanation = z.infer<typeof FindingExplanationSchema>;

export const FindingSchema = z
  .object({
    id: z.string(),
    state: z.enum(['open', 'recovered']),
    title: z.string(),
    kinds: z.array(FindingKindSchema),
    /** Unix seconds: when the change began, when it was noticed, last updated, recovered. */
    since: z.number(),
    opened_at: z.number(),
    updated_at: z.number(),
    recovered_at: z.number().nullable(),
    where: z.object({ services: z.array(z.string()), endpoints: z.array(z.string()), vendors: z.array(z.string()), teams: z.array(z.string()) }),
    changes: z.array(FindingChangeSchema),
    explanation: FindingExplanationSchema.nullable(),
    /** Someone marked it expected (a planned deploy): its kind is quiet for its places for a while. */
    expected: z.boolean(),
  })
  .meta({ id: 'Finding' });
export type Finding = z.infer<typeof FindingSchema>;

export const FindingsSchema = z.object({ findings: z.array(FindingSchema) }).meta({ id: 'Findings' });
export type Findings = z.infer<typeof FindingsSchema>;

export const FindingsQuerySchema = z.object({
  time_range: z.coerce
    .number()
    .int()
    .positive()
    .max(90 * 86400)
    .default(86400)
    .describe('seconds back from now: findings open or updated since'),
  state: z.enum(['open', 'recovered']).optional(),
});

export const ExpectedInputSchema = z
  .object({
    /** How long the same kind of change stays quiet for the finding's places. */
    minutes: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 60)
      .default(120),
  })
  .meta({ id: 'ExpectedInput' });
export type ExpectedInput = z.input<typeof ExpectedInputSchema>;

export const FindingQuietInputSchema = z
  .object({
    kind: FindingKindSchema,
    /** Minutes to snooze; absent mutes until the rule is deleted. */
    minutes: z
      .number()
      .int()
      .positive()
      .max(30 * 24 * 60)
      .optional(),
  })
  .meta({ id: 'FindingQuietInput' });
export type FindingQuietInput = z.input<typeof FindingQuietInputSchema>;

export const FindingQuietRuleSchema = z
  .object({
    id: z.string(),
    kind: FindingKindSchema,
    /** null: every dataset. */
    dataset: z.string().nullable(),
    /** null: every place of the dataset. */
    name: z.string().nullable(),
    reason: z.enum(['expected', 'snooze', 'mute']),
    /** Unix seconds; null while muted. */
    until: z.number().nullable(),
    created_by: z.string(),
  })
  .meta({ id: 'FindingQuietRule' });
export type FindingQuietRule = z.infer<typeof FindingQuietRuleSchema>;
