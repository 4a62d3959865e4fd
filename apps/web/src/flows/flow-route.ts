// The flow pages' URLs: `/service-map`, `/vendors`, `/gaps`, each with `?query=` holding
// the time range and trace filters. Reading a pasted URL never throws.
import type { QuerySpec } from '../api/query-spec.ts';

export type FlowView = 'service-map' | 'vendors' | 'gaps';

export const FLOW_VIEWS: readonly { view: FlowView; label: string }[] = [
  { view: 'service-map', label: 'Service map' },
  { view: 'vendors', label: 'Vendors' },
  { view: 'gaps', label: 'Gaps' },
];

export type FlowQuery = Pick<QuerySpec, 'time_range' | 'start_time' | 'end_time' | 'filters' | 'filter_combination'>;

export interface FlowRoute {
  view: FlowView;
  query: FlowQuery;
}

/**
 * What a view shows without a query: the map, what is happening now (the last 5 minutes, so
 * a short outage is not averaged away); vendors and gaps, the last 2 hours.
 */
export function defaultFlowQuery(view: FlowView): FlowQuery {
  return { time_range: view === 'service-map' ? 5 * 60 : 2 * 60 * 60 };
}

export function flowRouteFromLocation(pathname: string, search: string): FlowRoute | null {
  const view = FLOW_VIEWS.find((v) => pathname === `/${v.view}` || pathname === `/${v.view}/`)?.view;
  if (!view) return null;
  let query = defaultFlowQuery(view);
  try {
    const parsed: unknown = JSON.parse(new URLSearchParams(search).get('query') ?? 'null');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) query = parsed as FlowQuery;
  } catch {
    // A damaged query falls back to the default time range.
  }
  return { view, query };
}

export function flowHref(route: FlowRoute): string {
  const { time_range, start_time, end_time, filters, filter_combination } = route.query;
  const query = { time_range, start_time, end_time, ...(filters && filters.length > 0 ? { filters, filter_combination } : {}) };
  return `/${route.view}?${new URLSearchParams({ query: JSON.stringify(query) }).toString()}`;
}

/** The API's query string for a flow query. */
export function flowApiSearch(query: FlowQuery): string {
  const params = new URLSearchParams();
  if (query.time_range !== undefined) params.set('time_range', String(query.time_range));
  if (query.start_time !== undefined) params.set('start_time', String(query.start_time));
  if (query.end_time !== undefined) params.set('end_time', String(query.end_time));
  if (query.filters && query.filters.length > 0) params.set('filters', JSON.stringify(query.filters));
  if (query.filter_combination) params.set('filter_combination', query.filter_combination);
  return params.toString();
}
