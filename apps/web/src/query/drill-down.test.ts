import { describe, expect, it } from 'vitest';
import { eventsInSelection, eventsOf, eventsOfGroup, groupFilters, spansLike, spansOfTrace, tracesInSelection, tracesOf, withFilters } from './drill-down.ts';
import type { QuerySpec } from '../api/query-spec.ts';

const query: QuerySpec = {
  calculations: [{ op: 'COUNT' }, { op: 'HEATMAP', column: 'duration_ms' }],
  filters: [{ column: 'http.status_code', op: '>=', value: 500 }],
  breakdowns: ['service.name', 'http.route'],
  orders: [{ op: 'COUNT', order: 'descending' }],
  limit: 10,
  time_range: 3600,
  granularity: 60,
};

describe('drilling into a group', () => {
  it('turns breakdown values into filters, absent values into does-not-exist', () => {
    expect(groupFilters(['service.name', 'http.route'], ['cart', null])).toEqual([
      { column: 'service.name', op: '=', value: 'cart' },
      { column: 'http.route', op: 'does-not-exist' },
    ]);
  });

  it('opens the events of the group in one time bucket', () => {
    expect(eventsOfGroup(query, ['service.name', 'http.route'], ['cart', '/api/cart'], { start: 100, end: 160 })).toEqual({
      filters: [
        { column: 'http.status_code', op: '>=', value: 500 },
        { column: 'service.name', op: '=', value: 'cart' },
        { column: 'http.route', op: '=', value: '/api/cart' },
      ],
      start_time: 100,
      end_time: 160,
    });
  });

  it('does not add a filter twice', () => {
    expect(withFilters(query, [{ column: 'http.status_code', op: '>=', value: 500 }])?.filters).toHaveLength(1);
  });

  it('refuses to AND onto ORed filters rather than change their meaning', () => {
    const ored: QuerySpec = {
      filters: [
        { column: 'a', op: 'exists' },
        { column: 'b', op: 'exists' },
      ],
      filter_combination: 'OR',
    };
    expect(withFilters(ored, [{ column: 'c', op: 'exists' }])).toBeNull();
    expect(withFilters({ filters: [{ column: 'a', op: 'exists' }], filter_combination: 'OR' }, [{ column: 'c', op: 'exists' }])).toEqual({
      filters: [
        { column: 'a', op: 'exists' },
        { column: 'c', op: 'exists' },
      ],
    });
  });
});

describe('heatmap selections and similar spans', () => {
  it('selects the events in a time window and value range', () => {
    const range = [
      { column: 'duration_ms', op: '>=' as const, value: 250 },
      { column: 'duration_ms', op: '<' as const, value: 500 },
    ];
    expect(eventsInSelection(query, { start: 100.4, end: 200.2 }, range)).toEqual({
      filters: [
        { column: 'http.status_code', op: '>=', value: 500 },
        { column: 'duration_ms', op: '>=', value: 250 },
        { column: 'duration_ms', op: '<', value: 500 },
      ],
      start_time: 100,
      end_time: 201,
    });
  });

  it('lists the slowest traces in a selection', () => {
    const range = [
      { column: 'duration_ms', op: '>=' as const, value: 250 },
      { column: 'duration_ms', op: '<=' as const, value: 500 },
    ];
    expect(tracesInSelection(query, 'duration_ms', { start: 100, end: 200 }, range)).toEqual({
      filters: [
        { column: 'http.status_code', op: '>=', value: 500 },
        { column: 'duration_ms', op: '>=', value: 250 },
        { column: 'duration_ms', op: '<=', value: 500 },
        { column: 'trace.trace_id', op: 'exists' },
      ],
      start_time: 100,
      end_time: 200,
      calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'duration_ms' }],
      breakdowns: ['trace.trace_id'],
      orders: [{ op: 'MAX', column: 'duration_ms', order: 'descending' }],
      limit: 50,
    });
  });

  it('lists the slowest traces of a group', () => {
    const events = eventsOfGroup(query, ['service.name', 'http.route'], ['cart', '/api/cart'])!;
    expect(tracesOf(events, 'duration_ms')).toMatchObject({
      filters: [
        { column: 'http.status_code', op: '>=', value: 500 },
        { column: 'service.name', op: '=', value: 'cart' },
        { column: 'http.route', op: '=', value: '/api/cart' },
        { column: 'trace.trace_id', op: 'exists' },
      ],
      breakdowns: ['trace.trace_id'],
      time_range: 3600,
    });
  });

  it('breaks a trace down by service and operation', () => {
    expect(spansOfTrace('t1', { start: 10.5, end: 20.2 })).toEqual({
      calculations: [{ op: 'COUNT' }, { op: 'SUM', column: 'duration_ms' }, { op: 'MAX', column: 'duration_ms' }],
      filters: [
        { column: 'trace.trace_id', op: '=', value: 't1' },
        { column: 'meta.annotation_type', op: 'does-not-exist' },
      ],
      breakdowns: ['service.name', 'name'],
      orders: [{ op: 'SUM', column: 'duration_ms', order: 'descending' }],
      start_time: 10,
      end_time: 21,
    });
  });

  it('asks for all spans of the same service and name', () => {
    expect(spansLike('cart', 'GET /cart', { start: 0, end: 7200 })).toMatchObject({
      filters: [
        { column: 'service.name', op: '=', value: 'cart' },
        { column: 'name', op: '=', value: 'GET /cart' },
      ],
      start_time: 0,
      end_time: 7200,
    });
  });
});

describe('drilling from a per query', () => {
  const query: QuerySpec = {
    per: { breakdowns: ['session.id'], calculations: [{ op: 'COUNT', name: 'calls' }], filters: [{ column: 'error', op: '=', value: true }] },
    filters: [{ column: 'calls', op: '>', value: 3 }],
    calculations: [{ op: 'COUNT' }],
    time_range: 3600,
  };

  it('shows the events its block reads', () => {
    expect(JSON.parse(JSON.stringify(eventsOf(query)))).toEqual({ time_range: 3600, filters: [{ column: 'error', op: '=', value: true }] });
  });

  it('filters its rows to a group, but has no events of one', () => {
    expect(withFilters(query, groupFilters(['calls'], [5]))?.filters).toEqual([
      { column: 'calls', op: '>', value: 3 },
      { column: 'calls', op: '=', value: 5 },
    ]);
    expect(eventsOfGroup(query, ['calls'], [5])).toBeNull();
  });
});
