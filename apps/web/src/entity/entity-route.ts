// The entity lens's URL: `/entity?dataset=&field=&value=&query=`, where the query carries
// the time range and filters the lens was opened from. Reading a pasted URL never throws.
import type { Filter, QuerySpec } from '../api/query-spec.ts';

export interface EntityRoute {
  dataset: string;
  field: string;
  value: string;
  /** The time range (and filters) of the view the lens was opened from. */
  query: Pick<QuerySpec, 'time_range' | 'start_time' | 'end_time' | 'filters' | 'filter_combination'>;
}

export const ENTITY_PATH = '/entity';

export function entityHref(route: EntityRoute): string {
  const params = new URLSearchParams({ dataset: route.dataset, field: route.field, value: route.value });
  const { time_range, start_time, end_time, filters, filter_combination } = route.query;
  // ORed filters cannot take the entity on top: the lens then looks at everything.
  const kept = filter_combination === 'OR' && (filters?.length ?? 0) > 1 ? [] : (filters ?? []);
  params.set('query', JSON.stringify({ time_range, start_time, end_time, ...(kept.length > 0 ? { filters: kept } : {}) }));
  return `${ENTITY_PATH}?${params.toString()}`;
}

/** The lens of a field value seen anywhere in the UI; null for a value no entity can have (missing, a list). */
export function entityLink(dataset: string, field: string, value: unknown, query: EntityRoute['query']): string | null {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  return entityHref({ dataset, field, value: String(value), query });
}

export function entityRouteFromSearch(search: string): EntityRoute {
  const params = new URLSearchParams(search);
  let query: EntityRoute['query'] = {};
  try {
    const parsed: unknown = JSON.parse(params.get('query') ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) query = parsed as EntityRoute['query'];
  } catch {
    // A damaged query falls back to the default time range.
  }
  return { dataset: params.get('dataset') ?? '', field: params.get('field') ?? '', value: params.get('value') ?? '', query };
}

/** The entity as a filter, for going from the lens back to a query. */
export function entityFilter(route: EntityRoute): Filter {
  return { column: route.field, op: '=', value: route.value };
}
