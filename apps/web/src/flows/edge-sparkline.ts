// An edge's series as sparkline geometry: the requests as a line over the steps, and the
// steps with errors as marks. Pure geometry; the map draws it.
import type { SeriesPoint } from './flow-api.ts';

export interface Sparkline {
  /** SVG path of the requests, left to right, the busiest step at the top. */
  line: string;
  /** x and width of each step with errors. */
  failing: { x: number; width: number }[];
}

export function sparkline(series: readonly SeriesPoint[], width: number, height: number): Sparkline {
  if (series.length === 0) return { line: '', failing: [] };
  const most = Math.max(...series.map((p) => p.requests), 1e-9);
  const stepWidth = width / series.length;
  const y = (requests: number) => height - (requests / most) * height;
  // Each step is drawn flat across its width, so one point is a line too.
  const line = series
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${(i * stepWidth).toFixed(1)},${y(p.requests).toFixed(1)} H${((i + 1) * stepWidth).toFixed(1)}`)
    .join(' ');
  const failing = series.flatMap((p, i) => (p.errors > 0 ? [{ x: i * stepWidth, width: stepWidth }] : []));
  return { line, failing };
}
