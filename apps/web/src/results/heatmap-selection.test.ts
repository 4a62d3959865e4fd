import { describe, expect, it } from 'vitest';
import { buildHeatmapGrid, histogramAxis, readHistogram, type HeatmapColumn } from './heatmap.ts';
import { selectCells, selectedCount, selectionFilters } from './heatmap-selection.ts';

/** Events of known time (ms), value and weight; integer values land on bucket edges often. */
const events = Array.from({ length: 500 }, (_, i) => ({
  timeMs: 60_000 * (i % 10) + ((i * 7919) % 60_000),
  value: (i * 37) % 200,
  weight: i % 4 === 0 ? 4 : 1,
}));
const [LO, HI, BUCKETS, BUCKET_MS] = [0, 199, 20, 60_000];

/** HEATMAP(value) as the server answers it: per time bucket, equal buckets of [LO, HI] with the last holding HI. */
function heatmapColumns(): HeatmapColumn[] {
  const bounds = Array.from({ length: BUCKETS + 1 }, (_, k) => LO + (k * (HI - LO)) / BUCKETS);
  const byTime = new Map<number, number[]>();
  for (const e of events) {
    const time = Math.floor(e.timeMs / BUCKET_MS) * BUCKET_MS;
    const counts = byTime.get(time) ?? new Array<number>(BUCKETS).fill(0);
    counts[Math.min(BUCKETS - 1, Math.floor(((e.value - LO) * BUCKETS) / (HI - LO)))] += e.weight;
    byTime.set(time, counts);
  }
  return [...byTime].map(([time, counts]) => ({ time, buckets: readHistogram({ bounds, counts }) }));
}

describe('a heatmap selection', () => {
  const columns = heatmapColumns();
  const axis = histogramAxis([{ bounds: Array.from({ length: BUCKETS + 1 }, (_, k) => LO + (k * (HI - LO)) / BUCKETS), counts: [] }])!;
  const grid = buildHeatmapGrid(columns, axis.rows, axis);

  it.each([
    ['inside cells', { startMs: 90_000, endMs: 250_000, lower: 33.3, upper: 121.7 }],
    ['on cell edges', { startMs: 120_000, endMs: 300_000, lower: 39.8, upper: 119.4 }],
    ['up to the top of the axis', { startMs: 0, endMs: 600_000, lower: 150, upper: 400 }],
  ])('%s: the count shown is the weight of the events its filters and window select', (_, box) => {
    const selection = selectCells(grid, BUCKET_MS, box)!;
    const [lower, upper] = selectionFilters('v', selection);
    const matches = (value: number) =>
      value >= (lower.value as number) && (upper.op === '<=' ? value <= (upper.value as number) : value < (upper.value as number));
    const expected = events
      .filter((e) => e.timeMs >= selection.startMs && e.timeMs < selection.endMs && matches(e.value))
      .reduce((sum, e) => sum + e.weight, 0);
    expect(expected).toBeGreaterThan(0);
    expect(selectedCount(grid, selection)).toBeCloseTo(expected, 9);
  });

  it('snaps to the cells the box touches: whole time buckets, row edges, the top row inclusive', () => {
    const selection = selectCells(grid, BUCKET_MS, { startMs: 90_000, endMs: 250_000, lower: 33.3, upper: 400 })!;
    expect(selection).toMatchObject({ startMs: 60_000, endMs: 300_000, upperInclusive: true, upper: HI });
    expect(selection.lower).toBeCloseTo(29.85, 9);
    expect(selectionFilters('duration_ms', selection).map((f) => f.op)).toEqual(['>=', '<=']);
    expect(selectCells(grid, BUCKET_MS, { startMs: 700_000, endMs: 800_000, lower: 0, upper: 10 })).toBeNull();
  });
});
