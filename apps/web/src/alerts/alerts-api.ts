// Triggers and SLOs as the UI reads, creates, changes and deletes them.
import type { z } from 'zod';
import type { SloInput, SloInputSchema, SloStatus, BadEventsRequest, TriggerInput, TriggerInputSchema } from '@flashlight/api';
import { request } from '../api/client.ts';

/** A trigger or SLO as listed: its definition and its alert state per group. */
export type Listed<T> = T & { id: string; created_by: string; states: Record<string, string> };
export type Trigger = Listed<TriggerInput>;
export type Slo = Listed<SloInput>;
export type SloReport = SloStatus & { id: string; name: string; target_percent: number; bad_events: BadEventsRequest };

export const fetchTriggers = (signal?: AbortSignal) => request<Trigger[]>('/api/v1/triggers', { signal });
export const fetchSlos = (signal?: AbortSignal) => request<Slo[]>('/api/v1/slos', { signal });
export const fetchSloStatus = (id: string, signal?: AbortSignal) => request<SloReport>(`/api/v1/slos/${encodeURIComponent(id)}/status`, { signal });

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const itemPath = (kind: 'triggers' | 'slos', id?: string) => `/api/v1/${kind}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

// Changes need an admin key (or the open loopback mode); the server fills in the defaults.
export const createTrigger = (trigger: z.input<typeof TriggerInputSchema>) => request<Trigger>(itemPath('triggers'), json('POST', trigger));
export const updateTrigger = (id: string, trigger: z.input<typeof TriggerInputSchema>) => request<Trigger>(itemPath('triggers', id), json('PUT', trigger));
export const deleteTrigger = (id: string) => request<{ deleted: string }>(itemPath('triggers', id), { method: 'DELETE' });
export const createSlo = (slo: z.input<typeof SloInputSchema>) => request<Slo>(itemPath('slos'), json('POST', slo));
export const updateSlo = (id: string, slo: z.input<typeof SloInputSchema>) => request<Slo>(itemPath('slos', id), json('PUT', slo));
export const deleteSlo = (id: string) => request<{ deleted: string }>(itemPath('slos', id), { method: 'DELETE' });

/** The definition a listed trigger or SLO was made from, as the API takes it back. */
export function definitionOf<T>(item: Listed<T>): T {
  const { id: _id, created_by: _by, states: _states, ...definition } = item;
  return definition as T;
}
