// Markers: what a client sends to create or change one, and the marker as the API returns
// it (times in unix seconds, as in QuerySpec).
import { z } from 'zod';
import { MAX_UNIX_SECONDS } from './common.ts';

const UnixSecondsSchema = z.number().nonnegative().max(MAX_UNIX_SECONDS, 'must be in unix seconds (this looks like milliseconds)');

export const MarkerInputSchema = z
  .strictObject({
    /** deploy, flag, config, incident, …: free text, so teams can add their own kinds. */
    type: z.string().trim().min(1).max(64).default('deploy'),
    message: z.string().max(2000).default(''),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .default(null),
    start_time: UnixSecondsSchema,
    end_time: UnixSecondsSchema.nullable().default(null),
    /** Omitted or null: the marker shows on every dataset of the environment. */
    dataset: z.string().trim().min(1).max(255).nullable().default(null),
  })
  .refine((m) => m.end_time === null || m.end_time >= m.start_time, { message: 'must not be before start_time', path: ['end_time'] })
  .meta({ id: 'MarkerInput' });
export type MarkerInput = z.infer<typeof MarkerInputSchema>;

export const MarkerSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    message: z.string(),
    url: z.string().nullable(),
    start_time: z.number(),
    end_time: z.number().nullable(),
    dataset: z.string().nullable(),
    created_by: z.string(),
    /** `ledger`: recorded by the change ledger from the telemetry itself. */
    source: z.enum(['api', 'ledger']),
  })
  .meta({ id: 'Marker' });
export type Marker = z.infer<typeof MarkerSchema>;
