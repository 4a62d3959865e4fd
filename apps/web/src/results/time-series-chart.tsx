// One calculation over time, one line per group, drawn on canvas (a path per line keeps
// 100 groups × 500 points smooth). Hovering shows every group's value at that time;
// clicking picks the nearest group there and offers to isolate it or drill into it;
// dragging across a time range zooms the query into it.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { prepareCanvas } from '../ui/canvas.ts';
import { useElementSize } from '../ui/use-element-size.ts';
import { useEscape } from '../ui/use-escape.ts';
import { useTheme } from '../ui/theme-context.tsx';
import { formatNumber, formatTickTime } from './chart-axes.ts';
import { MARGIN, drawAxes, fitValueAxis, msAt, xOf, yOf, type Frame } from './chart-frame.ts';
import { groupLabel, type ChartLine, type ChartSeries } from './series.ts';
import { MarkerOverlay } from '../changes/marker-overlay.tsx';
import type { Marker } from '../changes/markers-api.ts';

export interface ChartPick {
  line: ChartLine;
  timeIndex: number;
}

interface Props {
  series: ChartSeries;
  colourOf: (groupKey: string) => string;
  isolated: string | null;
  bucketMs: number;
  /** The query's time window (ms), which the time axis spans even where there is no data. */
  windowMs: [number, number];
  /** The actions offered for a picked point. */
  renderActions: (pick: ChartPick, close: () => void) => ReactNode;
  /** Zooms the query into a time range (ms) dragged across the chart. */
  onZoom: (startMs: number, endMs: number) => void;
  /** Deploys, flag and config changes drawn over the chart. */
  markers?: readonly Marker[];
}

/** Less than this many pixels of drag is a click. */
const DRAG_THRESHOLD = 5;

const HEIGHT = 190;
const TOOLTIP_ROWS = 12;

export function TimeSeriesChart({ series, colourOf, isolated, bucketMs, windowMs, renderActions, onZoom, markers = [] }: Props) {
  const plotRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(plotRef);
  const { theme } = useTheme();
  const [hover, setHover] = useState<number | null>(null);
  const [pick, setPick] = useState<ChartPick | null>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  useEscape(
    pick !== null,
    useCallback(() => setPick(null), []),
  );

  const shownLines = useMemo(() => (isolated ? series.lines.filter((l) => l.group.key === isolated) : series.lines), [series, isolated]);

  const frame = useMemo((): Frame & { ticks: number[] } => {
    const { times } = series;
    let min = 0;
    let max = 0;
    for (const line of shownLines) {
      for (const values of [line.values, ...(line.band ? [line.band.low, line.band.high] : [])]) {
        for (const v of values) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    }
    const startMs = Math.min(windowMs[0], times[0] ?? Infinity);
    const endMs = Math.max(windowMs[1], (times[times.length - 1] ?? -Infinity) + bucketMs);
    const frame: Frame = { width, height: HEIGHT, startMs, endMs, minValue: min, maxValue: max || 1 };
    return { ...frame, ticks: fitValueAxis(frame, 4), minValue: frame.minValue, maxValue: frame.maxValue };
  }, [series, shownLines, width, bucketMs, windowMs]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const context = prepareCanvas(canvas, width, HEIGHT);
    drawAxes(context, frame, frame.ticks);
    context.lineWidth = 1.5;
    context.lineJoin = 'round';
    const xs = series.times.map((t) => xOf(frame, t));
    for (const line of shownLines) {
      if (line.band) drawBand(context, line.band, xs, (v) => yOf(frame, v), colourOf(line.group.key));
      context.strokeStyle = colourOf(line.group.key);
      context.beginPath();
      let drawing = false;
      line.values.forEach((v, i) => {
        if (Number.isNaN(v)) {
          drawing = false;
          return;
        }
        const y = yOf(frame, v);
        if (drawing) context.lineTo(xs[i], y);
        else context.moveTo(xs[i], y);
        drawing = true;
      });
      context.stroke();
      // A lone point between gaps would draw nothing as a path: mark each point when sparse.
      if (series.times.length <= 60) {
        context.fillStyle = colourOf(line.group.key);
        line.values.forEach((v, i) => {
          if (!Number.isNaN(v)) context.fillRect(xs[i] - 1.5, yOf(frame, v) - 1.5, 3, 3);
        });
      }
    }
  }, [frame, shownLines, series.times, width, colourOf, theme]);

  const indexAt = (x: number): number | null => {
    const { times } = series;
    if (times.length === 0) return null;
    const ms = msAt(frame, x);
    let best = 0;
    for (let i = 1; i < times.length; i++) if (Math.abs(times[i] - ms) < Math.abs(times[best] - ms)) best = i;
    return best;
  };

  const nearestLine = (index: number, y: number): ChartLine | null => {
    let best: ChartLine | null = null;
    let distance = Infinity;
    for (const line of shownLines) {
      const v = line.values[index];
      if (Number.isNaN(v)) continue;
      const d = Math.abs(yOf(frame, v) - y);
      if (d < distance) {
        distance = d;
        best = line;
      }
    }
    return best;
  };

  // Sorted once per hovered time, not on every pointer move within it.
  const tooltipRows = useMemo(
    () => (hover === null ? [] : shownLines.filter((l) => !Number.isNaN(l.values[hover])).sort((a, b) => b.values[hover] - a.values[hover])),
    [hover, shownLines],
  );
  const hoverX = hover === null ? 0 : xOf(frame, series.times[hover]);
  const span = frame.endMs - frame.startMs;

  return (
    <div className="chart" data-calculation={series.label} data-bands={shownLines.filter((l) => l.band).length}>
      <div className="chart-title">{series.label}</div>
      <div
        className="chart-plot"
        ref={plotRef}
        style={{ height: HEIGHT }}
        onMouseDown={(e) => {
          if (e.button !== 0 || (e.target as HTMLElement).closest('.popover')) return;
          setPick(null);
          const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
          setDrag({ x0: x, x1: x });
        }}
        onMouseMove={(e) => {
          const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
          if (drag) setDrag({ ...drag, x1: x });
          setHover(indexAt(x));
        }}
        onMouseLeave={() => {
          setHover(null);
          setDrag(null);
        }}
        onMouseUp={(e) => {
          if (!drag) return;
          setDrag(null);
          if (Math.abs(drag.x1 - drag.x0) >= DRAG_THRESHOLD) {
            onZoom(msAt(frame, Math.min(drag.x0, drag.x1)), msAt(frame, Math.max(drag.x0, drag.x1)));
            return;
          }
          const rect = e.currentTarget.getBoundingClientRect();
          const index = indexAt(e.clientX - rect.left);
          const line = index === null ? null : nearestLine(index, e.clientY - rect.top);
          setPick(index !== null && line ? { line, timeIndex: index } : null);
        }}
      >
        <canvas ref={canvasRef} />
        <MarkerOverlay markers={markers} frame={frame} />
        {drag && Math.abs(drag.x1 - drag.x0) >= DRAG_THRESHOLD && (
          <div className="zoom-band" style={{ left: Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0), top: MARGIN.top, bottom: MARGIN.bottom }} />
        )}
        {hover !== null && (
          <>
            <div className="crosshair" style={{ left: hoverX, top: MARGIN.top, bottom: MARGIN.bottom }} />
            {!pick && (
              <div className={`tooltip ${hoverX > width / 2 ? 'left' : 'right'}`} style={{ left: hoverX }}>
                <div className="tooltip-time">{formatTickTime(series.times[hover], Math.min(span, 60_000))}</div>
                {tooltipRows.slice(0, TOOLTIP_ROWS).map((line) => (
                  <div className="tooltip-row" key={line.group.key}>
                    <span className="swatch" style={{ background: colourOf(line.group.key) }} />
                    <span className="tooltip-group">{groupLabel(line.group)}</span>
                    <span className="num">{formatNumber(line.values[hover])}</span>
                  </div>
                ))}
                {tooltipRows.length > TOOLTIP_ROWS && <div className="muted">{tooltipRows.length - TOOLTIP_ROWS} more</div>}
              </div>
            )}
          </>
        )}
        {pick && (
          <div
            className={`popover ${xOf(frame, series.times[pick.timeIndex]) > width / 2 ? 'left' : 'right'}`}
            style={{ left: xOf(frame, series.times[pick.timeIndex]), top: 8 }}
            onClick={(e) => e.stopPropagation()}
          >
            <div className="popover-head">
              <span className="swatch" style={{ background: colourOf(pick.line.group.key) }} />
              <strong>{groupLabel(pick.line.group)}</strong>
              <span className="num">{formatNumber(pick.line.values[pick.timeIndex])}</span>
              <span className="muted">at {formatTickTime(series.times[pick.timeIndex], Math.min(span, 60_000))}</span>
            </div>
            {renderActions(pick, () => setPick(null))}
          </div>
        )}
      </div>
    </div>
  );
}

/** The confidence band of a line: each run of points with an interval, filled between its ends, faint. */
function drawBand(context: CanvasRenderingContext2D, band: { low: Float64Array; high: Float64Array }, xs: number[], y: (v: number) => number, colour: string) {
  context.save();
  context.globalAlpha = 0.18;
  context.fillStyle = colour;
  let start = -1;
  const fill = (end: number) => {
    context.beginPath();
    for (let i = start; i < end; i++) context.lineTo(xs[i], y(band.high[i]));
    for (let i = end - 1; i >= start; i--) context.lineTo(xs[i], y(band.low[i]));
    context.closePath();
    context.fill();
  };
  for (let i = 0; i <= band.low.length; i++) {
    const has = i < band.low.length && !Number.isNaN(band.low[i]) && !Number.isNaN(band.high[i]);
    if (has && start < 0) start = i;
    if (!has && start >= 0) {
      // A lone point's band is a short bar.
      if (i - start === 1) context.fillRect(xs[start] - 2, y(band.high[start]), 4, y(band.low[start]) - y(band.high[start]));
      else fill(i);
      start = -1;
    }
  }
  context.restore();
}
