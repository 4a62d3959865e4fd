// Triggers and SLOs as the UI reads and creates them.
import type { z } from 'zod';
import type { SloInput, SloInputSchema, TriggerInput, TriggerInputSchema } from '../../../server/src/alerts/alert-schemas.ts';
import type { SloStatus } from '../../../server/src/alerts/slo-status.ts';
import type { BadEventsRequest } from '../../../server/src/alerts/bad-events.ts';
import { request } from '../api/client.ts';

/** A trigger or SLO as listed: its definition and its alert state per group. */
export type Listed<T> = T & { id: string; created_by: string; states: Record<string, string> };
export type Trigger = Listed<TriggerInput>;
export type Slo = Listed<SloInput>;
export type SloReport = SloStatus & { id: string; name: string; target_percent: number; bad_events: BadEventsRequest };

export const fetchTriggers = (signal?: AbortSignal) => request<Trigger[]>('/api/v1/triggers', { signal });
export const fetchSlos = (signal?: AbortSignal) => request<Slo[]>('/api/v1/slos', { signal });
export const fetchSloStatus = (id: string, signal?: AbortSignal) => request<SloReport>(`/api/v1/slos/${encodeURIComponent(id)}/status`, { signal });

/** Needs an admin key (or the open loopback mode); the server fills in the defaults. */
export function createTrigger(trigger: z.input<typeof TriggerInputSchema>): Promise<Trigger> {
  return request<Trigger>('/api/v1/triggers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(trigger) });
}

export function createSlo(slo: z.input<typeof SloInputSchema>): Promise<Slo> {
  return request<Slo>('/api/v1/slos', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(slo) });
}
