// A stacked area chart of one calculation's groups over time, for board panels of chart
// type `stacked`: the total's shape and each group's share of it at a glance.
import { useMemo } from 'react';
import type { ChartSeries } from '../results/series.ts';
import { colourAt } from '../ui/palette.ts';
import { bandPoints, stackLines } from './stack-series.ts';

const WIDTH = 1000;
const HEIGHT = 200;

export function StackedChart({ series }: { series: ChartSeries }) {
  const bands = useMemo(
    () =>
      stackLines(
        series.lines.map((line) => line.values),
        series.times.length,
      ),
    [series],
  );
  const max = bands.length > 0 ? Math.max(0, ...bands[bands.length - 1].upper) : 0;
  return (
    <div className="chart stacked-chart" data-calculation={series.label}>
      <div className="chart-title">
        {series.label} <span className="muted">stacked · total up to {max.toLocaleString()}</span>
      </div>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${series.label}, stacked by group`}>
        {bands.map((band, i) => (
          <polygon
            key={series.lines[i].group.key}
            points={bandPoints(band, max, WIDTH, HEIGHT)}
            fill={colourAt(i)}
            fillOpacity={0.75}
            data-group={series.lines[i].group.key}
          />
        ))}
      </svg>
    </div>
  );
}
