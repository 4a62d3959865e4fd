// The markers API's contract: what a client sends to create or change a marker, and the
// marker as the API returns it (times in unix seconds, as in QuerySpec).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { StoredMarker } from '../control/control-store.ts';

const UnixSecondsSchema = z.number().nonnegative().max(253_402_300_799, 'must be in unix seconds (this looks like milliseconds)');

export const MarkerInputSchema = z
  .strictObject({
    /** deploy, flag, config, incident, …: free text, so teams can add their own kinds. */
    type: z.string().trim().min(1).max(64).default('deploy'),
    message: z.string().max(2000).default(''),
    url: z.url({ protocol: /^https?$/ }).max(2000).nullable().default(null),
    start_time: UnixSecondsSchema,
    end_time: UnixSecondsSchema.nullable().default(null),
    /** Omitted or null: the marker shows on every dataset of the environment. */
    dataset: z.string().trim().min(1).max(255).nullable().default(null),
  })
  .refine((m) => m.end_time === null || m.end_time >= m.start_time, { message: 'must not be before start_time', path: ['end_time'] });

export type MarkerInput = z.infer<typeof MarkerInputSchema>;

export interface Marker {
  id: string;
  type: string;
  message: string;
  url: string | null;
  start_time: number;
  end_time: number | null;
  dataset: string | null;
  created_by: string;
  /** `ledger`: recorded by the change ledger from the telemetry itself. */
  source: 'api' | 'ledger';
}

export function newMarkerId(): string {
  return randomBytes(8).toString('hex');
}

export function markerOf(stored: StoredMarker): Marker {
  return {
    id: stored.id,
    type: stored.type,
    message: stored.message,
    url: stored.url,
    start_time: stored.startTime,
    end_time: stored.endTime,
    dataset: stored.dataset,
    created_by: stored.createdBy,
    source: stored.ledgerKey === null ? 'api' : 'ledger',
  };
}
