import { describe, expect, it } from 'vitest';
import { buildHeatmapGrid, countInSelection, heatmapColour, histogramAxis, readHistogram } from './heatmap.ts';

describe('readHistogram', () => {
  it('pairs bounds with counts and drops empty or malformed buckets', () => {
    expect(readHistogram({ bounds: [0, 10, 20, 30], counts: [2, 0, 1.5] })).toEqual([
      { lower: 0, upper: 10, count: 2 },
      { lower: 20, upper: 30, count: 1.5 },
    ]);
    expect(readHistogram({ bounds: [], counts: [] })).toEqual([]);
    expect(readHistogram({ bounds: [0, 'x'], counts: [1] })).toEqual([]);
    expect(readHistogram(null)).toEqual([]);
    expect(readHistogram('<script>')).toEqual([]);
  });
});

describe('buildHeatmapGrid', () => {
  const grid = buildHeatmapGrid(
    [
      { time: 2000, buckets: [{ lower: 50, upper: 100, count: 4 }] },
      {
        time: 1000,
        buckets: [
          { lower: 0, upper: 25, count: 2 },
          { lower: 75, upper: 100, count: 1 },
        ],
      },
    ],
    4,
  );

  it('puts columns in time order on one shared value axis', () => {
    expect(grid.times).toEqual([1000, 2000]);
    expect([grid.min, grid.max]).toEqual([0, 100]);
  });

  it('spreads each bucket over the rows it covers, keeping the total', () => {
    expect([...grid.cells]).toEqual([2, 0, 0, 1, 0, 0, 2, 2]);
    expect(grid.maxCount).toBe(2);
    expect(countInSelection(grid, 0, 1, 2, 3)).toBe(5);
    expect(countInSelection(grid, 0, 9, 0, 9)).toBe(7);
  });

  it('handles a single value and no data', () => {
    const single = buildHeatmapGrid([{ time: 0, buckets: [{ lower: 5, upper: 5, count: 3 }] }], 2);
    expect([...single.cells]).toEqual([3, 0]);
    expect(buildHeatmapGrid([], 3).maxCount).toBe(0);
  });
});

describe('heatmapColour', () => {
  it('leaves empty cells blank and runs to the strongest colour of the theme with the count', () => {
    expect(heatmapColour(0, 10, 'light')).toBeNull();
    expect(heatmapColour(10, 10, 'light')).toBe('rgb(8, 48, 107)');
    expect(heatmapColour(10, 10, 'dark')).toBe('rgb(253, 231, 37)');
    expect(heatmapColour(1, 1000, 'light')).not.toBe(heatmapColour(900, 1000, 'light'));
  });
});

describe('histogramAxis', () => {
  it("spans every value's bounds with the most buckets any has", () => {
    expect(histogramAxis([{ bounds: [0, 10, 20], counts: [1, 1] }, { bounds: [5, 30], counts: [1] }, null, { bounds: [], counts: [] }])).toEqual({
      min: 0,
      max: 30,
      rows: 2,
    });
    expect(histogramAxis([undefined])).toBeNull();
  });

  it('keeps bucket bounds with rounding errors in their own rows', () => {
    const bounds = Array.from({ length: 21 }, (_, k) => 20 + ((418 - 20) * k) / 20);
    const counts = bounds.slice(1).map((_, k) => (k === 7 ? 2 : 0));
    const grid = buildHeatmapGrid([{ time: 0, buckets: readHistogram({ bounds, counts }) }], 20, { min: 20, max: 418 });
    expect([...grid.cells].map((c, r) => (c > 0 ? r : -1)).filter((r) => r >= 0)).toEqual([7]);
    expect(grid.cells[7]).toBeCloseTo(2);
  });

  it('grids exactly on the query buckets when given their range', () => {
    const grid = buildHeatmapGrid([{ time: 0, buckets: [{ lower: 10, upper: 20, count: 3 }] }], 2, { min: 0, max: 20 });
    expect([...grid.cells]).toEqual([0, 3]);
  });
});
