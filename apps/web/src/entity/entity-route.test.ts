import { describe, expect, test } from 'vitest';
import { entityHref, entityRouteFromSearch } from './entity-route.ts';

describe('the entity lens URL', () => {
  test('round-trips the entity and the time range and filters it was opened with', () => {
    const route = {
      dataset: 'api',
      field: 'user.id',
      value: 'u-7 & <b>',
      query: { time_range: 3600, filters: [{ column: 'http.route', op: '=' as const, value: '/cart' }] },
    };
    const href = entityHref(route);
    expect(href.startsWith('/entity?')).toBe(true);
    expect(entityRouteFromSearch(href.slice('/entity'.length))).toEqual(route);
  });

  test('a damaged URL reads as an empty entity with the default time range', () => {
    expect(entityRouteFromSearch('?query=%7Bnot json')).toEqual({ dataset: '', field: '', value: '', query: {} });
  });
});
