import { describe, expect, it } from 'vitest';
import { compareHref, compareRouteFromLocation } from './compare-route.ts';

describe('compare route', () => {
  it.each([
    [{ traceId: 'abc', other: null }, '/trace/abc/compare'],
    [{ traceId: 'abc', other: 'd/e f' }, '/trace/abc/compare?with=d%2Fe%20f'],
    [{ traceId: 'a b', other: null }, '/trace/a%20b/compare'],
  ])('%j is %s and back', (route, href) => {
    expect(compareHref(route)).toBe(href);
    const url = new URL(href, 'http://x');
    expect(compareRouteFromLocation(url.pathname, url.search)).toEqual(route);
  });

  it.each([
    ['/trace/abc', ''],
    ['/trace/%E0%A4%A/compare', ''],
    ['/trace/abc/compare/more', ''],
  ])('%s is no comparison', (pathname, search) => {
    expect(compareRouteFromLocation(pathname, search)).toBeNull();
  });

  it('reads an empty `with` as the peers', () => {
    expect(compareRouteFromLocation('/trace/abc/compare', '?with=%20')).toEqual({ traceId: 'abc', other: null });
  });
});
