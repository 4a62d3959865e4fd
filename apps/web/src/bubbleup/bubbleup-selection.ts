// What a BubbleUp compares, from what the user picked: a heatmap rectangle (a time window
// × a value range of the column) or a group of the results table; and what clicking one
// of its values adds to the query.
import type { Filter, QuerySpec } from '../api/query-spec.ts';
import type { BubbleUpSelection } from '../api/client.ts';
import { groupFilters, withFilters } from '../query/drill-down.ts';
import type { ValueShare } from './bubbleup-api.ts';
import { selectionFilters, type HeatmapSelection } from '../results/heatmap-selection.ts';

export type { BubbleUpSelection };

/** A heatmap selection as BubbleUp compares it: the same cells the heatmap counts. */
export function heatmapSelection(column: string, region: HeatmapSelection): BubbleUpSelection {
  return { filters: selectionFilters(column, region), start_time: region.startMs / 1000, end_time: region.endMs / 1000 };
}

/** One group of the results table versus every other event of the query. */
export function groupSelection(breakdowns: readonly string[], values: readonly unknown[]): BubbleUpSelection {
  return { filters: groupFilters(breakdowns, values) };
}

/** Filters that keep the events with this value: its equality, its absence, or its bucket's range. */
export function valueFilters(field: string, share: ValueShare): Filter[] {
  if (share.range) {
    return [
      { column: field, op: '>=', value: share.range[0] },
      { column: field, op: '<', value: share.range[1] },
    ];
  }
  return groupFilters([field], [share.value]);
}

/** The query narrowed to one value of a column; null where the query's filters are ORed. */
export function filterToValue(query: QuerySpec, field: string, share: ValueShare): QuerySpec | null {
  return withFilters(query, valueFilters(field, share));
}

/** The query broken down by a column, counting events. */
export function groupByField(query: QuerySpec, field: string): QuerySpec {
  const breakdowns = query.breakdowns ?? [];
  return { ...query, breakdowns: breakdowns.includes(field) ? breakdowns : [...breakdowns, field] };
}
