// The queries a user ran lately, newest first, kept in the browser (localStorage) so they
// survive reloads. A stored list that cannot be read is treated as empty.
import { formatCalculation, formatFilter } from '@flashlight/query/clauses';
import { queryStateToSearch, type QueryState } from './url-state.ts';

export interface RecentQuery {
  /** The query's permalink search string, which also identifies it. */
  search: string;
  state: QueryState;
  ranAt: number;
}

const STORAGE_KEY = 'flashlight.recentQueries';
export const MAX_RECENT_QUERIES = 25;

export function loadRecentQueries(storage: Storage): RecentQuery[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((q): q is RecentQuery => typeof q?.search === 'string' && typeof q?.state === 'object') : [];
  } catch {
    return [];
  }
}

export function rememberQuery(storage: Storage, state: QueryState, ranAt: number): RecentQuery[] {
  const search = queryStateToSearch(state);
  const list = [{ search, state, ranAt }, ...loadRecentQueries(storage).filter((q) => q.search !== search)].slice(0, MAX_RECENT_QUERIES);
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    // A full or disabled storage only costs the history, never the query.
  }
  return list;
}

/** `checkout: P99(duration_ms) where http.status_code >= 500 by service.name`. */
export function describeQuery(state: QueryState): string {
  const { query } = state;
  const parts = [(query.calculations ?? []).map(formatCalculation).join(', ') || 'events'];
  if (query.filters?.length) parts.push('where ' + query.filters.map(formatFilter).join(query.filter_combination === 'OR' ? ' or ' : ' and '));
  if (query.breakdowns?.length) parts.push('by ' + query.breakdowns.join(', '));
  const dataset = state.dataset === '__all__' ? 'all datasets' : state.dataset;
  return `${dataset}: ${parts.join(' ')}`;
}
