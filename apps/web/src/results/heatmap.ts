// Heatmap maths: each time bucket of a HEATMAP(column) result carries a histogram of the
// column's values; these are re-binned onto one shared value axis (so every column of
// the picture lines up) and coloured by weighted count on a log scale.
import type { HeatmapValue } from '../api/query-spec.ts';

export interface HistogramBucket {
  lower: number;
  upper: number;
  /** Weighted (sample-rate adjusted) count of events in [lower, upper). */
  count: number;
}

export interface HeatmapColumn {
  /** Bucket start, ms since the epoch. */
  time: number;
  buckets: HistogramBucket[];
}

export interface HeatmapGrid {
  times: number[];
  rows: number;
  /** Value axis: row r covers [min + r·step, min + (r+1)·step). */
  min: number;
  max: number;
  /** cells[t * rows + r] is the weighted count at time index t, value row r. */
  cells: Float64Array;
  maxCount: number;
}

/**
 * The buckets of a HEATMAP value as the query API returns it: `bounds` (one more than
 * there are buckets) and weighted `counts`. Empty buckets and anything malformed are dropped.
 */
export function readHistogram(value: unknown): HistogramBucket[] {
  if (typeof value !== 'object' || value === null) return [];
  const { bounds, counts } = value as Partial<HeatmapValue>;
  if (!Array.isArray(bounds) || !Array.isArray(counts)) return [];
  const buckets: HistogramBucket[] = [];
  counts.forEach((count, i) => {
    const [lower, upper] = [bounds[i], bounds[i + 1]];
    if ([lower, upper, count].every((n) => typeof n === 'number' && Number.isFinite(n)) && count > 0) {
      buckets.push({ lower, upper, count });
    }
  });
  return buckets;
}

/**
 * The value axis of HEATMAP values: the widest range of their bounds, and the most buckets
 * any has. Gridding on the query's own buckets keeps every cell exact.
 */
export function histogramAxis(values: readonly unknown[]): { min: number; max: number; rows: number } | null {
  let [min, max, rows] = [Infinity, -Infinity, 0];
  for (const value of values) {
    const bounds = (value as Partial<HeatmapValue> | null)?.bounds;
    if (!Array.isArray(bounds) || bounds.length < 2) continue;
    const [lo, hi] = [bounds[0], bounds[bounds.length - 1]];
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue;
    [min, max, rows] = [Math.min(min, lo), Math.max(max, hi), Math.max(rows, bounds.length - 1)];
  }
  return rows > 0 ? { min, max, rows } : null;
}

const EDGE_TOLERANCE = 1e-6;

/** Re-bins columns onto `rows` rows over [min, max] (by default the range the buckets cover). */
export function buildHeatmapGrid(columns: readonly HeatmapColumn[], rows: number, range?: { min: number; max: number }): HeatmapGrid {
  const sorted = [...columns].sort((a, b) => a.time - b.time);
  let min = range?.min ?? Infinity;
  let max = range?.max ?? -Infinity;
  if (!range) {
    for (const column of sorted) {
      for (const b of column.buckets) {
        min = Math.min(min, b.lower);
        max = Math.max(max, b.upper);
      }
    }
  }
  if (!Number.isFinite(min)) {
    min = 0;
    max = 1;
  }
  if (max <= min) max = min + 1;
  const step = (max - min) / rows;
  const cells = new Float64Array(sorted.length * rows);
  sorted.forEach((column, t) => {
    for (const b of column.buckets) {
      // A hair of tolerance: bounds computed as lo + (hi - lo)·k/n land a rounding error off
      // the row edges, which must not leak a sliver of count into the neighbouring row.
      const first = Math.min(rows - 1, Math.floor((b.lower - min) / step + EDGE_TOLERANCE));
      const last = Math.min(rows - 1, Math.max(first, Math.ceil((b.upper - min) / step - EDGE_TOLERANCE) - 1));
      const width = b.upper - b.lower;
      for (let r = first; r <= last; r++) {
        // Spread the bucket's count over the rows it overlaps, in proportion to the overlap.
        const overlap = width > 0 ? (Math.min(b.upper, min + (r + 1) * step) - Math.max(b.lower, min + r * step)) / width : 1;
        cells[t * rows + r] += b.count * Math.max(0, overlap);
      }
    }
  });
  let maxCount = 0;
  for (const c of cells) maxCount = Math.max(maxCount, c);
  return { times: sorted.map((c) => c.time), rows, min, max, cells, maxCount };
}

/** Weighted count of events in rows [rowLo, rowHi] and time indexes [timeLo, timeHi]. */
export function countInSelection(grid: HeatmapGrid, timeLo: number, timeHi: number, rowLo: number, rowHi: number): number {
  let sum = 0;
  for (let t = Math.max(0, timeLo); t <= Math.min(grid.times.length - 1, timeHi); t++) {
    for (let r = Math.max(0, rowLo); r <= Math.min(grid.rows - 1, rowHi); r++) sum += grid.cells[t * grid.rows + r];
  }
  return sum;
}

// Dense cells stand out from the background: dark on the light theme, bright on the dark one.
const RAMPS: Record<'light' | 'dark', readonly [number, number, number][]> = {
  light: [
    [198, 219, 239],
    [107, 174, 214],
    [33, 113, 181],
    [8, 48, 107],
  ],
  dark: [
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ],
};

/** Colour of a cell: null for an empty cell, else a log-scaled point on the theme's ramp. */
export function heatmapColour(count: number, maxCount: number, theme: 'light' | 'dark'): string | null {
  if (count <= 0 || maxCount <= 0) return null;
  const RAMP = RAMPS[theme];
  // Even the sparsest cell gets a visible share of the ramp.
  const t = 0.15 + 0.85 * Math.min(1, Math.log1p(count) / Math.log1p(maxCount));
  const scaled = t * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const [r, g, b] = RAMP[i].map((c, k) => Math.round(c + (RAMP[i + 1][k] - c) * f));
  return `rgb(${r}, ${g}, ${b})`;
}
