import { describe, expect, test } from 'vitest';
import { filterToValue, groupByField, heatmapSelection, valueFilters } from './bubbleup-selection.ts';

describe('BubbleUp selections', () => {
  test('a heatmap rectangle is the value range of its cells inside their time buckets', () => {
    const cells = { timeLo: 0, timeHi: 0, rowLo: 0, rowHi: 0 };
    expect(
      heatmapSelection('duration_ms', { startMs: 1_700_000_000_000, endMs: 1_700_000_060_000, lower: 500, upper: 900, upperInclusive: false, cells }),
    ).toEqual({
      filters: [
        { column: 'duration_ms', op: '>=', value: 500 },
        { column: 'duration_ms', op: '<', value: 900 },
      ],
      start_time: 1_700_000_000,
      end_time: 1_700_000_060,
    });
  });

  test('a value becomes an equality, a missing value its absence, a bucket its range', () => {
    const share = { selected: 1, baseline: 0, selectedCount: 3, baselineCount: 0 };
    expect(valueFilters('region', { ...share, value: 'eu-west' })).toEqual([{ column: 'region', op: '=', value: 'eu-west' }]);
    expect(valueFilters('region', { ...share, value: null })).toEqual([{ column: 'region', op: 'does-not-exist' }]);
    expect(valueFilters('duration_ms', { ...share, value: null, range: [100, 200] })).toEqual([
      { column: 'duration_ms', op: '>=', value: 100 },
      { column: 'duration_ms', op: '<', value: 200 },
    ]);
  });

  test('clicking a value filters the query to it; a column groups it', () => {
    const query = { calculations: [{ op: 'COUNT' as const }], filters: [{ column: 'http.route', op: '=' as const, value: '/cart' }], time_range: 600 };
    expect(filterToValue(query, 'region', { value: 'eu-west', selected: 1, baseline: 0, selectedCount: 1, baselineCount: 0 })?.filters).toEqual([
      { column: 'http.route', op: '=', value: '/cart' },
      { column: 'region', op: '=', value: 'eu-west' },
    ]);
    expect(groupByField(query, 'region').breakdowns).toEqual(['region']);
  });
});
