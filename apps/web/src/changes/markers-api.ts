// The markers API as the UI calls it: the markers of a dataset (environment-wide ones
// included) that overlap a time range.
import type { Marker } from '@flashlight/api';
import { request } from '../api/client.ts';
import { ALL_DATASETS } from '../api/query-spec.ts';

export type { Marker };

export function listMarkers(dataset: string, startS: number, endS: number, signal?: AbortSignal): Promise<Marker[]> {
  const params = new URLSearchParams({ start_time: String(Math.floor(startS)), end_time: String(Math.ceil(endS)) });
  // Over every dataset, every marker counts.
  if (dataset !== ALL_DATASETS) params.set('dataset', dataset);
  return request<Marker[]>(`/api/v1/markers?${params}`, { signal });
}

export interface NewMarker {
  type: string;
  message: string;
  dataset: string | null;
  start_time: number;
}

/** Needs an admin key (or the open loopback mode). */
export function createMarker(marker: NewMarker): Promise<Marker> {
  return request<Marker>('/api/v1/markers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(marker) });
}
