// Reads the rows of a compiled query back into a QueryResult: totals in rank order, the
// series in time order, heatmaps as bounds and counts, and RATE_* as per-second changes.
import type { ResultLayout } from './compile-query.ts';
import { SERIES_PART, TOTALS_PART } from './compile-query.ts';
import type { HeatmapValue, QueryResult, ResultData } from './query-result.ts';
import { bucketEdge } from './numeric-range.ts';
import { resultConfidence } from './confidence/confidence-result.ts';

type Cell = string | number | boolean | null;

/**
 * Engines return 64-bit integers as bigint; results speak JSON numbers. A result beyond
 * the double range (a SUM over values near 1.7e308) or undefined (∞ − ∞) is null: JSON has
 * no number for it, and ClickHouse answers such a value as null too.
 */
function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

function heatmap(row: Record<string, unknown>, index: number, buckets: number, range: { lo: Cell; hi: Cell }): HeatmapValue {
  const counts = Array.from({ length: buckets }, (_, k) => Number(cell(row[`a${index}_${k}`]) ?? 0));
  if (typeof range.lo !== 'number' || typeof range.hi !== 'number') return { bounds: [], counts: [] };
  const { lo, hi } = range;
  return { bounds: Array.from({ length: buckets + 1 }, (_, k) => bucketEdge(lo, hi, k, buckets)), counts };
}

export function shapeQueryResult(rows: readonly Record<string, unknown>[], layout: ResultLayout): QueryResult {
  const groups = new Map<string, { rank: number; data: ResultData }>();
  const totals: ResultData[] = [];
  const totalRows: Record<string, unknown>[] = [];
  const ranges = new Map<number, { lo: Cell; hi: Cell }>();

  const groupColumns = layout.breakdowns.map((_, i) => `g${i}`);
  const groupOf = (row: Record<string, unknown>): ResultData => Object.fromEntries(layout.breakdowns.map((name, i) => [name, cell(row[groupColumns[i]])]));
  // A group's values as one string, matched between the totals and the series (thousands of rows).
  const keyOf = (row: Record<string, unknown>): string => JSON.stringify(groupColumns.map((column) => cell(row[column])));
  const calculationsOf = (row: Record<string, unknown>): ResultData => {
    const data: ResultData = {};
    layout.calculations.forEach((calculation, i) => {
      if (calculation.op === 'HEATMAP') {
        const range = ranges.get(calculation.measure!) ?? { lo: null, hi: null };
        data[calculation.name] = heatmap(row, i, layout.heatmapBuckets, range);
      } else {
        data[calculation.name] = cell(row[`a${i}`]);
      }
    });
    return data;
  };

  for (const row of rows) {
    if (Number(row.part) !== TOTALS_PART) continue;
    for (const c of layout.calculations) {
      if (c.op === 'HEATMAP') ranges.set(c.measure!, { lo: cell(row[`lo${c.measure}`]), hi: cell(row[`hi${c.measure}`]) });
    }
    const group = groupOf(row);
    groups.set(keyOf(row), { rank: totals.length, data: group });
    totals.push({ ...group, ...calculationsOf(row) });
    totalRows.push(row);
  }

  const series = rows
    .filter((row) => Number(row.part) === SERIES_PART)
    .map((row) => {
      const group = groups.get(keyOf(row))!;
      return { row, bucketUs: Number(row.bucket), rank: group.rank, data: { ...group.data, ...calculationsOf(row) } };
    })
    .sort((a, b) => a.bucketUs - b.bucketUs || a.rank - b.rank);

  applyRates(layout, series, totals);
  // With `confidence`, each row and point also carries its intervals (confidence/).
  const confidence = layout.confidence
    ? resultConfidence(
        layout,
        totals.map((data, k) => ({ row: totalRows[k], data })),
        series,
      )
    : undefined;

  // Every group of a bucket shares its time: written once per bucket.
  const times = new Map<number, string>();
  const timeOf = (bucketUs: number) => {
    let time = times.get(bucketUs);
    if (time === undefined) times.set(bucketUs, (time = new Date(bucketUs / 1000).toISOString()));
    return time;
  };
  return {
    data: {
      series: series.map(({ bucketUs, data }, k) => ({ time: timeOf(bucketUs), data, ...confidence?.series[k] })),
      results: totals.map((data, k) => ({ data, ...confidence?.totals[k] })),
    },
  };
}

/**
 * RATE_SUM, RATE_AVG and RATE_MAX come back as the underlying SUM, AVG and MAX per
 * bucket. Each series point becomes the change from the bucket just before it, per
 * second (null when that bucket has no events of the group); a total is the mean of its
 * group's rates (null with fewer than two adjacent buckets).
 */
function applyRates(layout: ResultLayout, series: { bucketUs: number; rank: number; data: ResultData }[], totals: ResultData[]): void {
  const seconds = layout.bucketUs / 1e6;
  for (const { name, op } of layout.calculations) {
    if (!op.startsWith('RATE_')) continue;
    totals.forEach((total, rank) => {
      const points = series.filter((point) => point.rank === rank);
      const underlying = new Map(points.map((point) => [point.bucketUs, point.data[name]]));
      const rates: number[] = [];
      for (const point of points) {
        const current = underlying.get(point.bucketUs);
        const previous = underlying.get(point.bucketUs - layout.bucketUs);
        const change = typeof current === 'number' && typeof previous === 'number' ? (current - previous) / seconds : null;
        const rate = change !== null && Number.isFinite(change) ? change : null;
        point.data[name] = rate;
        if (rate !== null) rates.push(rate);
      }
      const mean = rates.reduce((sum, r) => sum + r, 0) / rates.length;
      total[name] = rates.length > 0 && Number.isFinite(mean) ? mean : null;
    });
  }
}
