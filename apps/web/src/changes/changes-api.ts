// The change views' API calls: a marker's before/after comparison and the audit log.
import type { BeforeAfter } from '@flashlight/api';
import { request } from '../api/client.ts';

export type { BeforeAfter };

/** An audit entry as the API sends it. */
export interface AuditRow {
  at: string;
  environment: string;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

export function fetchComparison(markerId: string, windowSeconds: number, signal?: AbortSignal): Promise<BeforeAfter> {
  return request<BeforeAfter>(`/api/v1/markers/${encodeURIComponent(markerId)}/comparison?window=${windowSeconds}`, { signal });
}

export function fetchAudit(limit: number, signal?: AbortSignal): Promise<AuditRow[]> {
  return request<AuditRow[]>(`/api/v1/audit?limit=${limit}`, { signal });
}
