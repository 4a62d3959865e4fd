import { describe, expect, it } from 'vitest';
import { normalizeRoute } from './request-route.ts';

const route = (url: string) => normalizeRoute(new URL(url, 'https://shop.example'));

describe('normalizeRoute', () => {
  it('makes pages of one listing the same route', () => {
    expect(route('/api/products?page=3')).toBe('/api/products?page=*');
    expect(route('/api/products?page=4')).toBe(route('/api/products?page=3'));
  });

  it('sorts and deduplicates query keys and drops the fragment', () => {
    expect(route('/api/search?q=shoes&page=2&q=red#top')).toBe('/api/search?page=*&q=*');
  });

  it('replaces numeric, UUID, hash and token segments with :id', () => {
    expect(route('/api/products/123/reviews')).toBe('/api/products/:id/reviews');
    expect(route('/api/orders/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e')).toBe('/api/orders/:id');
    expect(route('/api/carts/65a1f0c2b9e4d3a2f1e0d9c8')).toBe('/api/carts/:id');
    expect(route('/api/sessions/AbCdEf0123456789xYz_-Q')).toBe('/api/sessions/:id');
  });

  it('keeps words, versions and short names', () => {
    expect(route('/api/v2/products/featured')).toBe('/api/v2/products/featured');
    expect(route('/')).toBe('/');
  });
});
