// The one definition of a heatmap selection: the box a user drags, snapped to the cells it
// touches. Its count (the cells' weighted counts), the BubbleUp it opens and the events it
// lists all read this same window and value range, so they always agree: the cells' time
// buckets, start inclusive and end exclusive; the rows' value range, its upper edge
// exclusive except at the top of the axis, whose last bucket holds the maximum.
import type { Filter } from '../api/query-spec.ts';
import { countInSelection, type HeatmapGrid } from './heatmap.ts';

export interface HeatmapSelection {
  /** The first selected time bucket's start and the last one's end, ms. */
  startMs: number;
  endMs: number;
  /** The lowest selected row's lower edge and the highest one's upper edge. */
  lower: number;
  upper: number;
  /** True when the highest selected row is the axis's last: its upper edge is included. */
  upperInclusive: boolean;
  /** Indexes of the selected time buckets and rows of the grid, inclusive. */
  cells: { timeLo: number; timeHi: number; rowLo: number; rowHi: number };
}

/** A dragged box (ms × values) as the cells it overlaps; null when it touches none. */
export function selectCells(
  grid: HeatmapGrid,
  bucketMs: number,
  box: { startMs: number; endMs: number; lower: number; upper: number },
): HeatmapSelection | null {
  const timeLo = grid.times.findIndex((t) => t + bucketMs > box.startMs);
  const timeHi = grid.times.findLastIndex((t) => t < box.endMs);
  const step = (grid.max - grid.min) / grid.rows;
  const rowLo = Math.max(0, Math.floor((box.lower - grid.min) / step));
  const rowHi = Math.min(grid.rows - 1, Math.ceil((box.upper - grid.min) / step) - 1);
  if (timeLo < 0 || timeHi < timeLo || rowHi < rowLo) return null;
  // The top edge is the axis's own maximum, not min + rows·step, which may round past it.
  const edge = (row: number) => (row === grid.rows ? grid.max : grid.min + row * step);
  return {
    startMs: grid.times[timeLo],
    endMs: grid.times[timeHi] + bucketMs,
    lower: edge(rowLo),
    upper: edge(rowHi + 1),
    upperInclusive: rowHi === grid.rows - 1,
    cells: { timeLo, timeHi, rowLo, rowHi },
  };
}

/** The weighted count of events in the selection, as the heatmap shows it. */
export function selectedCount(grid: HeatmapGrid, selection: HeatmapSelection): number {
  const { timeLo, timeHi, rowLo, rowHi } = selection.cells;
  return countInSelection(grid, timeLo, timeHi, rowLo, rowHi);
}

/** The selection's value range of `column` as filters. */
export function selectionFilters(column: string, selection: HeatmapSelection): Filter[] {
  return [
    { column, op: '>=', value: selection.lower },
    { column, op: selection.upperInclusive ? '<=' : '<', value: selection.upper },
  ];
}
