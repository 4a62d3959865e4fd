import { describe, expect, test } from 'vitest';
import { flowApiSearch, flowHref, flowRouteFromLocation } from './flow-route.ts';

describe('flow routes', () => {
  test('a route survives its own URL', () => {
    const route = {
      view: 'vendors' as const,
      query: { time_range: 3600, filters: [{ column: 'service.name', op: '=' as const, value: 'checkout' }], filter_combination: 'AND' as const },
    };
    const url = new URL(flowHref(route), 'http://x');
    expect(flowRouteFromLocation(url.pathname, url.search)).toEqual(route);
  });

  test('a damaged query falls back to the default range; other paths are not flow pages', () => {
    expect(flowRouteFromLocation('/gaps', '?query=%7Bbroken')).toEqual({ view: 'gaps', query: { time_range: 7200 } });
    expect(flowRouteFromLocation('/service-map', '')).toEqual({ view: 'service-map', query: { time_range: 300 } });
    expect(flowRouteFromLocation('/trace/abc', '')).toBeNull();
  });

  test('the API gets the range and the filters as JSON', () => {
    const search = new URLSearchParams(flowApiSearch({ start_time: 10, end_time: 20, filters: [{ column: 'user.id', op: '=', value: 'u-1' }] }));
    expect(Object.fromEntries(search)).toEqual({ start_time: '10', end_time: '20', filters: '[{"column":"user.id","op":"=","value":"u-1"}]' });
  });
});
