import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, isRawEventsQuery, queryStateFromSearch, routeFromLocation, routeToHref, type Route } from './url-state.ts';

describe('URL ⇄ query state', () => {
  it('round-trips a full query, hostile field names and values included', () => {
    const route: Route = {
      page: 'query',
      state: {
        dataset: 'checkout & co',
        query: {
          calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }, { op: 'HEATMAP', column: 'duration_ms' }],
          filters: [
            { column: 'http.route', op: '=', value: '/a?b=c&d=<script>alert(1)</script>' },
            { column: 'weird "field", name', op: 'in', value: [1, 'two', true] },
          ],
          filter_combination: 'OR',
          breakdowns: ['service.name', 'http.route'],
          orders: [{ op: 'COUNT', order: 'descending' }],
          havings: [{ calculate_op: 'COUNT', op: '>', value: 10 }],
          limit: 50,
          start_time: 1_790_000_000,
          end_time: 1_790_003_600,
          granularity: 60,
        },
        columns: ['name', 'duration_ms'],
      },
    };
    const href = routeToHref(route);
    const url = new URL(href, 'http://localhost:4318');
    expect(routeFromLocation(url.pathname, url.search)).toEqual(route);
  });

  it('round-trips a trace with a selected span', () => {
    const route: Route = { page: 'trace', traceId: 'abc/def', spanId: '0102' };
    const url = new URL(routeToHref(route), 'http://localhost');
    expect(routeFromLocation(url.pathname, url.search)).toEqual(route);
  });

  it('falls back to the default query for a URL it cannot read', () => {
    expect(queryStateFromSearch('?query=%7Bnot-json')).toEqual({ dataset: '', query: DEFAULT_QUERY, columns: [] });
    expect(queryStateFromSearch('?query=[1,2]').query).toEqual(DEFAULT_QUERY);
    expect(queryStateFromSearch('').query).toEqual(DEFAULT_QUERY);
  });

  it('knows raw events mode', () => {
    expect(isRawEventsQuery({ filters: [{ column: 'a', op: 'exists' }] })).toBe(true);
    expect(isRawEventsQuery({ calculations: [], breakdowns: ['a'] })).toBe(false);
    expect(isRawEventsQuery(DEFAULT_QUERY)).toBe(false);
  });
});
