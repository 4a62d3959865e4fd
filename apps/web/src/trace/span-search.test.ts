import { describe, expect, it } from 'vitest';
import { ancestorsOf, findSpans, spanMatches } from './span-search.ts';
import { layoutWaterfall } from './waterfall-layout.ts';
import type { TraceSpan } from './trace-spans.ts';

const span = (spanId: string, parentId: string | null, name: string, startUs: number, fields: Record<string, unknown> = {}): TraceSpan => ({
  spanId,
  parentId,
  parentMissing: false,
  name,
  service: 'shop',
  dataset: 'shop',
  startUs,
  durationUs: 10,
  error: false,
  markers: [],
  fields,
});
const layout = layoutWaterfall([
  span('a', null, 'GET /checkout', 0),
  span('b', 'a', 'charge card', 1, { 'payment.vendor': 'Stripe' }),
  span('c', 'b', 'POST /v1/charges', 2, { 'http.status_code': 402 }),
]);

describe('finding spans', () => {
  it('matches names, services, field names and values, ignoring case', () => {
    expect(spanMatches(layout.rows[1].span, 'stripe')).toBe(true);
    expect(spanMatches(layout.rows[2].span, '402')).toBe(true);
    expect(spanMatches(layout.rows[0].span, 'SHOP')).toBe(true);
    expect(spanMatches(layout.rows[0].span, '  ')).toBe(false);
    expect(findSpans(layout, 'charge')).toEqual(['b', 'c']);
  });

  it('names the ancestors to expand to reveal a span', () => {
    expect(ancestorsOf(layout, 'c')).toEqual(['b', 'a']);
    expect(ancestorsOf(layout, 'a')).toEqual([]);
  });
});
