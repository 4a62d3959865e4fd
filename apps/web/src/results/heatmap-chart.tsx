// HEATMAP(column) drawn on canvas: time across, the column's value up, colour by weighted
// count. Dragging selects a rectangle, snapped to the cells it touches (heatmap-selection.ts),
// whose events can be opened.
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { prepareCanvas } from '../ui/canvas.ts';
import { useElementSize } from '../ui/use-element-size.ts';
import { useEscape } from '../ui/use-escape.ts';
import { useTheme } from '../ui/theme-context.tsx';
import { formatNumber, formatTickTime } from './chart-axes.ts';
import { MARGIN, drawAxes, fitValueAxis, msAt, valueAt, xOf, yOf, type Frame } from './chart-frame.ts';
import { MarkerOverlay } from '../changes/marker-overlay.tsx';
import type { Marker } from '../changes/markers-api.ts';
import { buildHeatmapGrid, heatmapColour, type HeatmapColumn, type HeatmapGrid } from './heatmap.ts';
import { selectCells, selectedCount, type HeatmapSelection } from './heatmap-selection.ts';

export type { HeatmapSelection };

interface Props {
  label: string;
  columns: HeatmapColumn[];
  /** The query's value buckets; without them the picture grids over what the data covers. */
  axis: { min: number; max: number; rows: number } | null;
  bucketMs: number;
  /** The query's time window (ms), which the time axis spans even where there is no data. */
  windowMs: [number, number];
  onOpenEvents: (selection: HeatmapSelection) => void;
  /** Null when the events carry no trace ids. */
  onOpenTraces: ((selection: HeatmapSelection) => void) | null;
  /** BubbleUp: what is different about the events in the selection. */
  onBubbleUp?: ((selection: HeatmapSelection) => void) | null;
  /** Deploys, flag and config changes drawn over the chart. */
  markers?: readonly Marker[];
}

const HEIGHT = 240;
const DEFAULT_ROWS = 40;

interface Drag {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function HeatmapChart({ label, columns, axis, bucketMs, windowMs, onOpenEvents, onOpenTraces, onBubbleUp, markers = [] }: Props) {
  const plotRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(plotRef);
  const { theme } = useTheme();
  const [drag, setDrag] = useState<Drag | null>(null);
  const [selection, setSelection] = useState<Drag | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number } | null>(null);
  useEscape(
    selection !== null,
    useCallback(() => setSelection(null), []),
  );

  const grid = useMemo(() => buildHeatmapGrid(columns, axis?.rows ?? DEFAULT_ROWS, axis ?? undefined), [columns, axis]);
  const frame = useMemo((): Frame & { ticks: number[] } => {
    const startMs = Math.min(windowMs[0], grid.times[0] ?? Infinity);
    const endMs = Math.max(windowMs[1], (grid.times[grid.times.length - 1] ?? -Infinity) + bucketMs);
    const frame: Frame = { width, height: HEIGHT, startMs, endMs, minValue: grid.min, maxValue: grid.max };
    return { ...frame, ticks: fitValueAxis(frame, 5), minValue: frame.minValue, maxValue: frame.maxValue };
  }, [grid, width, bucketMs, windowMs]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const context = prepareCanvas(canvas, width, HEIGHT);
    drawAxes(context, frame, frame.ticks);
    const step = (grid.max - grid.min) / grid.rows;
    grid.times.forEach((time, t) => {
      const x0 = xOf(frame, time);
      const x1 = xOf(frame, time + bucketMs);
      for (let r = 0; r < grid.rows; r++) {
        const colour = heatmapColour(grid.cells[t * grid.rows + r], grid.maxCount, theme);
        if (!colour) continue;
        const yTop = yOf(frame, grid.min + (r + 1) * step);
        const yBottom = yOf(frame, grid.min + r * step);
        context.fillStyle = colour;
        // Cells overlap by a hair so no seams show between neighbours.
        context.fillRect(x0, yTop, Math.max(1, x1 - x0 + 0.5), Math.max(1, yBottom - yTop + 0.5));
      }
    });
  }, [frame, grid, width, bucketMs, theme]);

  const local = (e: MouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
    return {
      x: clamp(e.clientX - rect.left, MARGIN.left, width - MARGIN.right),
      y: clamp(e.clientY - rect.top, MARGIN.top, HEIGHT - MARGIN.bottom),
    };
  };

  const box = drag ?? selection;
  const selected = selection && selectCells(grid, bucketMs, toBox(frame, selection));
  const count = selected ? selectedCount(grid, selected) : 0;

  return (
    <div className="chart heatmap" data-calculation={label}>
      <div className="chart-title">
        {label}
        <span className="muted"> · drag to select a region</span>
        {grid.maxCount > 0 && (
          <span className="heat-legend" title="Colour: weighted count of events in the cell (log scale)">
            <span className="muted">0</span>
            <span
              className="heat-ramp"
              style={{
                background: `linear-gradient(to right, ${[0.01, 0.1, 0.3, 0.6, 1].map((f) => heatmapColour(Math.max(f * grid.maxCount, 1e-9), grid.maxCount, theme)).join(', ')})`,
              }}
            />
            <span className="muted">{formatNumber(Math.round(grid.maxCount))}</span>
          </span>
        )}
      </div>
      <div
        className="chart-plot"
        ref={plotRef}
        style={{ height: HEIGHT, cursor: 'crosshair' }}
        onMouseDown={(e) => {
          if (e.button !== 0 || (e.target as HTMLElement).closest('.popover')) return;
          const p = local(e);
          setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
          setSelection(null);
        }}
        onMouseMove={(e) => {
          const p = local(e);
          if (drag) setDrag({ ...drag, x1: p.x, y1: p.y });
          else setHover(p);
        }}
        onMouseLeave={() => setHover(null)}
        onMouseUp={(e) => {
          // The box ends where the button is released, whether or not a move event got there first.
          const end = drag && { ...drag, x1: local(e).x, y1: local(e).y };
          if (end && Math.abs(end.x1 - end.x0) > 3 && Math.abs(end.y1 - end.y0) > 3) setSelection(end);
          setDrag(null);
        }}
      >
        <canvas ref={canvasRef} />
        <MarkerOverlay markers={markers} frame={frame} />
        {hover && !drag && !selection && <CellTooltip grid={grid} frame={frame} bucketMs={bucketMs} x={hover.x} y={hover.y} width={width} />}
        {box && (
          <div
            className="selection-box"
            style={{
              left: Math.min(box.x0, box.x1),
              top: Math.min(box.y0, box.y1),
              width: Math.abs(box.x1 - box.x0),
              height: Math.abs(box.y1 - box.y0),
            }}
          />
        )}
        {selected && selection && (
          <div
            className={`popover ${Math.max(selection.x0, selection.x1) > width * 0.6 ? 'left' : 'right'}`}
            style={{ left: Math.max(selection.x0, selection.x1), top: Math.min(selection.y0, selection.y1) }}
          >
            <div className="popover-head">
              <strong>{formatNumber(Math.round(count))} events</strong>
            </div>
            <div className="muted">
              {formatNumber(selected.lower)} – {formatNumber(selected.upper)}, {formatTickTime(selected.startMs, 60_000)} –{' '}
              {formatTickTime(selected.endMs, 60_000)}
            </div>
            <div className="actions">
              <button type="button" className="primary" onClick={() => onOpenEvents(selected)}>
                Show events in selection
              </button>
              {onOpenTraces && (
                <button type="button" onClick={() => onOpenTraces(selected)}>
                  Slowest traces in selection
                </button>
              )}
              {onBubbleUp && (
                <button
                  type="button"
                  onClick={() => {
                    onBubbleUp(selected);
                    setSelection(null);
                  }}
                >
                  BubbleUp: what is different?
                </button>
              )}
              <button type="button" onClick={() => setSelection(null)}>
                Clear
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

/** The dragged box in time (ms) and values. */
function toBox(frame: Frame, box: Drag) {
  const [xa, xb] = [Math.min(box.x0, box.x1), Math.max(box.x0, box.x1)];
  const [ya, yb] = [Math.min(box.y0, box.y1), Math.max(box.y0, box.y1)];
  return { startMs: msAt(frame, xa), endMs: msAt(frame, xb), lower: valueAt(frame, yb), upper: valueAt(frame, ya) };
}

/** The cell under the pointer: its time bucket, value range and weighted count. */
function CellTooltip({ grid, frame, bucketMs, x, y, width }: { grid: HeatmapGrid; frame: Frame; bucketMs: number; x: number; y: number; width: number }) {
  const ms = msAt(frame, x);
  const t = grid.times.findIndex((time) => ms >= time && ms < time + bucketMs);
  const step = (grid.max - grid.min) / grid.rows;
  const r = Math.floor((valueAt(frame, y) - grid.min) / step);
  if (t < 0 || r < 0 || r >= grid.rows) return null;
  const count = grid.cells[t * grid.rows + r];
  return (
    <div className={`tooltip ${x > width / 2 ? 'left' : 'right'}`} style={{ left: x, top: y }}>
      <div className="tooltip-time">{formatTickTime(grid.times[t], 60_000)}</div>
      <div>
        {formatNumber(grid.min + r * step)} – {formatNumber(grid.min + (r + 1) * step)}: <strong>{formatNumber(Math.round(count))}</strong> events
      </div>
    </div>
  );
}
