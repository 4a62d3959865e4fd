import { describe, expect, it } from 'vitest';
import { routeFromLocation, routeToHref } from '../query/url-state.ts';
import { derivedHref } from './derived-route.ts';

describe('the derived columns page route', () => {
  it('round-trips the dataset, any name', () => {
    for (const dataset of ['shop', '__all__', 'a b&c=d/<x>']) {
      const href = derivedHref(dataset);
      const url = new URL(href, 'http://x');
      expect(routeFromLocation(url.pathname, url.search)).toEqual({ page: 'derived', dataset });
      expect(routeToHref({ page: 'derived', dataset })).toBe(href);
    }
    expect(routeFromLocation('/derived', '')).toEqual({ page: 'derived', dataset: '' });
  });
});
