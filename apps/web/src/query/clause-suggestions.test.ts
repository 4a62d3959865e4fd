import { describe, expect, it } from 'vitest';
import { calculationSuggestions, columnSuggestions, filterColumnTyping, filterSuggestions, orderSuggestions } from './clause-suggestions.ts';
import type { ColumnSummary } from '../api/query-spec.ts';

const column = (name: string, type: ColumnSummary['type']): ColumnSummary => ({ name, type, firstSeen: '', lastSeen: '' });
const columns = [column('http.route', 'string'), column('duration_ms', 'float'), column('route.id', 'integer')];

describe('suggestions', () => {
  it('offers operators, then numeric columns first inside the parentheses', () => {
    expect(calculationSuggestions('p9', columns).map((s) => s.text)).toEqual(['P90(', 'P95(', 'P99(', 'P999(']);
    expect(calculationSuggestions('CO', columns).map((s) => [s.text, s.complete])).toEqual([
      ['COUNT', true],
      ['CONCURRENCY', true],
      ['COUNT_DISTINCT(', undefined],
    ]);
    expect(calculationSuggestions('P99(', columns).map((s) => s.text)).toEqual(['P99(duration_ms)', 'P99(route.id)', 'P99(http.route)']);
  });

  it('offers columns with their types, prefix matches first', () => {
    expect(columnSuggestions('route', columns).map((s) => [s.text, s.detail])).toEqual([
      ['route.id', 'integer'],
      ['http.route', 'string'],
    ]);
  });

  it('offers operators once a filter has its column', () => {
    expect(filterSuggestions('http.route st', columns).map((s) => s.text)).toEqual(['http.route starts-with ']);
    expect(filterSuggestions('http.route ex', columns).map((s) => [s.text, s.complete])).toEqual([['http.route exists', true]]);
    expect(filterSuggestions('dur', columns).map((s) => s.text)).toEqual(['duration_ms ']);
  });

  it('offers the values a column takes once an operator needs one', () => {
    expect(filterColumnTyping('http.route = /ap')).toBe('http.route');
    expect(filterColumnTyping('http.route')).toBeNull();
    expect(filterSuggestions('http.route = /ap', columns, ['/api/cart', '/home', 'has space']).map((s) => s.text)).toEqual(['http.route = /api/cart']);
    expect(filterSuggestions('http.route != ', columns, ['has space', 500]).map((s) => s.text)).toEqual(['http.route != "has space"', 'http.route != 500']);
  });

  it('orders by what the query computes', () => {
    expect(
      orderSuggestions('p99', {
        calculations: [
          { op: 'P99', column: 'duration_ms' },
          { op: 'HEATMAP', column: 'duration_ms' },
        ],
      }).map((s) => s.text),
    ).toEqual(['P99(duration_ms) desc', 'P99(duration_ms) asc']);
  });
});
