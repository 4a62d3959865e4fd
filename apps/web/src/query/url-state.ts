// Every view is a permalink: the page and the whole query state live in the URL.
// `/?dataset=checkout&query={...}&columns=a,b` is a query; `/trace/<id>` a trace. URLs are
// pasted by people, so reading one never throws: what cannot be read falls back to a default.
import type { QuerySpec } from '../api/query-spec.ts';
import { ENTITY_PATH, entityHref, entityRouteFromSearch, type EntityRoute } from '../entity/entity-route.ts';
import { flowHref, flowRouteFromLocation, type FlowRoute } from '../flows/flow-route.ts';
import { boardHref, boardsRouteFromPath, type BoardsRoute } from '../boards/board-route.ts';
import { compareHref, compareRouteFromLocation, type CompareRoute } from '../trace/compare-route.ts';
import { derivedHref, derivedRouteFromLocation, type DerivedRoute } from '../derived/derived-route.ts';

export interface QueryState {
  /** A dataset name, `__all__`, or '' before one is chosen. */
  dataset: string;
  query: QuerySpec;
  /** Columns the raw events table shows; empty means its default choice. */
  columns: string[];
}

export type Route =
  | { page: 'query'; state: QueryState }
  /** `matching`: spans a query matched, highlighted in the waterfall (`?match=a,b`). */
  | { page: 'trace'; traceId: string; spanId: string | null; matching?: readonly string[] }
  | { page: 'trace-compare'; compare: CompareRoute }
  | { page: 'entity'; lens: EntityRoute }
  | { page: 'flow'; flow: FlowRoute }
  | { page: 'changes' }
  | { page: 'alerts' }
  | { page: 'findings' }
  | BoardsRoute
  | DerivedRoute;

export const CHANGES_PATH = '/changes';
export const ALERTS_PATH = '/alerts';
export const FINDINGS_PATH = '/findings';

export const DEFAULT_QUERY: QuerySpec = { calculations: [{ op: 'COUNT' }], time_range: 2 * 60 * 60 };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readQuery(text: string | null): QuerySpec {
  if (!text) return DEFAULT_QUERY;
  try {
    const parsed: unknown = JSON.parse(text);
    // The server validates the spec itself and says what is wrong; here it only has to be an object.
    return isPlainObject(parsed) ? (parsed as QuerySpec) : DEFAULT_QUERY;
  } catch {
    return DEFAULT_QUERY;
  }
}

export function queryStateFromSearch(search: string): QueryState {
  const params = new URLSearchParams(search);
  const columns = params.get('columns');
  return {
    dataset: params.get('dataset') ?? '',
    query: readQuery(params.get('query')),
    columns: columns ? columns.split(',').filter(Boolean) : [],
  };
}

export function queryStateToSearch(state: QueryState): string {
  const params = new URLSearchParams();
  if (state.dataset) params.set('dataset', state.dataset);
  params.set('query', JSON.stringify(state.query));
  if (state.columns.length > 0) params.set('columns', state.columns.join(','));
  return '?' + params.toString();
}

export function routeFromLocation(pathname: string, search: string): Route {
  if (pathname === ENTITY_PATH) return { page: 'entity', lens: entityRouteFromSearch(search) };
  if (pathname === CHANGES_PATH) return { page: 'changes' };
  if (pathname === ALERTS_PATH) return { page: 'alerts' };
  if (pathname === FINDINGS_PATH) return { page: 'findings' };
  const boards = boardsRouteFromPath(pathname);
  if (boards) return boards;
  const derived = derivedRouteFromLocation(pathname, search);
  if (derived) return derived;
  const flow = flowRouteFromLocation(pathname, search);
  if (flow) return { page: 'flow', flow };
  const compare = compareRouteFromLocation(pathname, search);
  if (compare) return { page: 'trace-compare', compare };
  const trace = /^\/trace\/([^/]+)\/?$/.exec(pathname);
  if (trace) {
    const params = new URLSearchParams(search);
    const matching = params.get('match')?.split(',').filter(Boolean) ?? [];
    return { page: 'trace', traceId: decodeURIComponent(trace[1]), spanId: params.get('span'), ...(matching.length > 0 ? { matching } : {}) };
  }
  return { page: 'query', state: queryStateFromSearch(search) };
}

export function routeToHref(route: Route): string {
  if (route.page === 'entity') return entityHref(route.lens);
  if (route.page === 'flow') return flowHref(route.flow);
  if (route.page === 'changes') return CHANGES_PATH;
  if (route.page === 'alerts') return ALERTS_PATH;
  if (route.page === 'findings') return FINDINGS_PATH;
  if (route.page === 'boards') return boardHref(route.boardId);
  if (route.page === 'derived') return derivedHref(route.dataset);
  if (route.page === 'trace-compare') return compareHref(route.compare);
  if (route.page === 'trace') {
    const params = new URLSearchParams();
    if (route.spanId) params.set('span', route.spanId);
    if (route.matching && route.matching.length > 0) params.set('match', route.matching.join(','));
    const search = params.toString();
    return `/trace/${encodeURIComponent(route.traceId)}${search ? `?${search}` : ''}`;
  }
  return '/' + queryStateToSearch(route.state);
}

/** Raw events mode: a query with nothing to calculate or group returns the events themselves. */
export function isRawEventsQuery(query: QuerySpec): boolean {
  return !query.per && (query.calculations?.length ?? 0) === 0 && (query.breakdowns?.length ?? 0) === 0;
}
