// The findings API's calls: the feed, and marking a finding expected.
import type { Finding, Findings } from '@flashlight/api';
import { request } from '../api/client.ts';

export type { Finding };

export function fetchFindings(timeRangeSeconds: number, signal?: AbortSignal, state?: Finding['state']): Promise<Findings> {
  return request<Findings>(`/api/v1/findings?time_range=${timeRangeSeconds}${state ? `&state=${state}` : ''}`, { signal });
}

export function markExpected(id: string, minutes: number): Promise<Finding> {
  return request<Finding>(`/api/v1/findings/${encodeURIComponent(id)}/expected`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ minutes }),
  });
}
