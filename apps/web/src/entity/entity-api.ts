// The entity lens API as the UI calls it; the answer's types come from the API contract.
import type { EntityLens } from '@flashlight/api';
import { request } from '../api/client.ts';
import type { EntityRoute } from './entity-route.ts';

export type { EntityLens, KeyNumbers } from '@flashlight/api';

/** @param nearUnique list near-unique columns in the lens's BubbleUp too */
export function fetchEntityLens(route: EntityRoute, nearUnique: boolean, signal?: AbortSignal): Promise<EntityLens> {
  const params = new URLSearchParams({ dataset: route.dataset, field: route.field, value: route.value });
  if (nearUnique) params.set('near_unique', 'true');
  const { time_range, start_time, end_time, filters } = route.query;
  if (time_range !== undefined) params.set('time_range', String(time_range));
  if (start_time !== undefined) params.set('start_time', String(start_time));
  if (end_time !== undefined) params.set('end_time', String(end_time));
  if (filters && filters.length > 0) params.set('filters', JSON.stringify(filters));
  return request(`/api/v1/entity?${params.toString()}`, { signal });
}
