// The burn-down line's geometry, apart from its drawing. Hours before the first event
// have no budget figure; nothing was spent in them, so they draw at 100%.
import type { SloReport } from './alerts-api.ts';

/** SVG polyline points over `width` × `height`: 100% at the top, 0% (the zero line's `zeroY`) lower, overspent below it. */
export function burnDownPoints(points: SloReport['burn_down'], width: number, height: number): { line: string; zeroY: number } | null {
  if (!points.some((p) => p.budget_remaining !== null)) return null;
  const values = points.map((p) => p.budget_remaining ?? 1);
  const [first, last] = [points[0].time, points[points.length - 1].time];
  const lowest = Math.min(0, ...values);
  const y = (v: number) => ((1 - v) / (1 - lowest)) * (height - 2) + 1;
  const xy = (x: number, value: number) => `${x.toFixed(1)},${y(value).toFixed(1)}`;
  // A lone point still draws: a level line across the chart.
  if (points.length === 1) return { line: `${xy(0, values[0])} ${xy(width, values[0])}`, zeroY: y(0) };
  const line = points.map((p, i) => xy(((p.time - first) / (last - first)) * width, values[i])).join(' ');
  return { line, zeroY: y(0) };
}
