// Drilling from an aggregate into what is behind it: a group becomes filters, a chart
// point or heatmap selection becomes a time window (and value range), and "the events
// behind it" is the same query with nothing calculated (raw events mode).
import type { Filter, QuerySpec } from '../api/query-spec.ts';
import { withAbsoluteRange, type TimeWindow } from './time-range.ts';

/** Filters that select one group: its breakdown values, or the field's absence. */
export function groupFilters(breakdowns: readonly string[], values: readonly unknown[]): Filter[] {
  return breakdowns.map((column, i) => {
    const value = values[i];
    if (value === null || value === undefined) return { column, op: 'does-not-exist' };
    return { column, op: '=', value: typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean) };
  });
}

/**
 * The query with extra filters ANDed on. Null when that cannot be said: a query whose
 * filters are ORed together cannot also require more (the spec has no nesting).
 */
export function withFilters(query: QuerySpec, extra: readonly Filter[]): QuerySpec | null {
  const filters = query.filters ?? [];
  if (query.filter_combination === 'OR' && filters.length > 1) return null;
  const { filter_combination: _combination, ...rest } = query;
  const kept = filters.filter((f) => !extra.some((e) => e.column === f.column && e.op === f.op && e.value === f.value));
  return { ...rest, filters: [...kept, ...extra] };
}

/**
 * The raw events behind a query: same filters and time, nothing calculated or grouped. For
 * a per query, the events its block reads: which entities pass its other filters is not
 * something a filter on events can say.
 */
export function eventsOf(query: QuerySpec): QuerySpec {
  if (query.per) {
    const { per, time_range, start_time, end_time } = query;
    return { time_range, start_time, end_time, filters: per.filters ?? [], filter_combination: per.filter_combination };
  }
  const { calculations: _c, breakdowns: _b, orders: _o, havings: _h, granularity: _g, limit: _l, results: _r, ...rest } = query;
  return rest;
}

/** The traces behind a query (its Traces view): same filters and time, one row per trace. */
export function tracesOfQuery(query: QuerySpec): QuerySpec {
  return { ...eventsOf(query), results: 'traces' };
}

/** Events of one group, optionally within one time bucket. */
export function eventsOfGroup(query: QuerySpec, breakdowns: readonly string[], values: readonly unknown[], window?: TimeWindow): QuerySpec | null {
  // A group of per-entity rows is not a set of events (see eventsOf).
  if (query.per) return null;
  const filtered = withFilters(query, groupFilters(breakdowns, values));
  if (!filtered) return null;
  const events = eventsOf(filtered);
  return window ? withAbsoluteRange(events, window) : events;
}

/** Events inside a heatmap selection: a time window and a value range of the column. */
export function eventsInSelection(query: QuerySpec, window: TimeWindow, valueRange: readonly Filter[]): QuerySpec | null {
  if (query.per) return null;
  const filtered = withFilters(query, valueRange);
  return filtered ? withAbsoluteRange(eventsOf(filtered), window) : null;
}

export const TRACE_ID_FIELD = 'trace.trace_id';
/** How long a span took: what "slowest traces" ranks by outside a heatmap. */
export const DURATION_FIELD = 'duration_ms';
const TRACES_SHOWN = 50;

/** The traces behind an events query, one row each, the largest `measure` first. */
export function tracesOf(events: QuerySpec, measure: string): QuerySpec {
  return {
    ...events,
    filters: [...(events.filters ?? []), { column: TRACE_ID_FIELD, op: 'exists' }],
    calculations: [{ op: 'COUNT' }, { op: 'MAX', column: measure }],
    breakdowns: [TRACE_ID_FIELD],
    orders: [{ op: 'MAX', column: measure, order: 'descending' }],
    limit: TRACES_SHOWN,
  };
}

/** The slowest traces inside a heatmap selection. */
export function tracesInSelection(query: QuerySpec, column: string, window: TimeWindow, valueRange: readonly Filter[]): QuerySpec | null {
  const events = eventsInSelection(query, window, valueRange);
  return events && tracesOf(events, column);
}

/** Where a trace's time goes: its spans by service and operation, the costliest first. */
export function spansOfTrace(traceId: string, window: TimeWindow): QuerySpec {
  return withAbsoluteRange(
    {
      calculations: [{ op: 'COUNT' }, { op: 'SUM', column: DURATION_FIELD }, { op: 'MAX', column: DURATION_FIELD }],
      // Span events and links share the trace id; only spans take time.
      filters: [
        { column: TRACE_ID_FIELD, op: '=', value: traceId },
        { column: 'meta.annotation_type', op: 'does-not-exist' },
      ],
      breakdowns: ['service.name', 'name'],
      orders: [{ op: 'SUM', column: DURATION_FIELD, order: 'descending' }],
    },
    window,
  );
}

/** The query behind "all spans like this": the same operation of the same service over time. */
export function spansLike(service: string, name: string, window: TimeWindow): QuerySpec {
  return withAbsoluteRange(
    {
      calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }, { op: 'HEATMAP', column: 'duration_ms' }],
      filters: [
        { column: 'service.name', op: '=', value: service },
        { column: 'name', op: '=', value: name },
      ],
    },
    window,
  );
}
