// The frame shared by the time-series chart and the heatmap: plot margins, scales, and the
// axes drawn on canvas in the current theme's colours.
import { cssVar } from '../ui/theme.ts';
import { formatNumber, formatTickTime, niceTicks, timeTicks } from './chart-axes.ts';

export const MARGIN = { left: 52, right: 12, top: 8, bottom: 22 };

export interface Frame {
  width: number;
  height: number;
  startMs: number;
  endMs: number;
  minValue: number;
  maxValue: number;
}

export function xOf(frame: Frame, ms: number): number {
  const plot = frame.width - MARGIN.left - MARGIN.right;
  return MARGIN.left + ((ms - frame.startMs) / (frame.endMs - frame.startMs || 1)) * plot;
}

export function msAt(frame: Frame, x: number): number {
  const plot = frame.width - MARGIN.left - MARGIN.right;
  return frame.startMs + ((x - MARGIN.left) / (plot || 1)) * (frame.endMs - frame.startMs);
}

export function yOf(frame: Frame, value: number): number {
  const plot = frame.height - MARGIN.top - MARGIN.bottom;
  return MARGIN.top + plot - ((value - frame.minValue) / (frame.maxValue - frame.minValue || 1)) * plot;
}

export function valueAt(frame: Frame, y: number): number {
  const plot = frame.height - MARGIN.top - MARGIN.bottom;
  return frame.minValue + ((MARGIN.top + plot - y) / (plot || 1)) * (frame.maxValue - frame.minValue);
}

/** Widens the value range to round ticks and returns them. */
export function fitValueAxis(frame: Frame, count: number): number[] {
  const ticks = niceTicks(frame.minValue, frame.maxValue, count);
  if (ticks.length > 1) {
    frame.minValue = ticks[0];
    frame.maxValue = ticks[ticks.length - 1];
  }
  return ticks;
}

export function drawAxes(context: CanvasRenderingContext2D, frame: Frame, valueTicks: readonly number[]): void {
  const grid = cssVar('--grid');
  const muted = cssVar('--muted');
  context.font = '11px system-ui, sans-serif';
  context.lineWidth = 1;
  context.fillStyle = muted;
  context.strokeStyle = grid;
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const tick of valueTicks) {
    const y = Math.round(yOf(frame, tick)) + 0.5;
    context.beginPath();
    context.moveTo(MARGIN.left, y);
    context.lineTo(frame.width - MARGIN.right, y);
    context.stroke();
    context.fillText(formatNumber(tick), MARGIN.left - 6, y);
  }
  context.textAlign = 'center';
  context.textBaseline = 'top';
  const span = frame.endMs - frame.startMs;
  const count = Math.max(2, Math.floor((frame.width - MARGIN.left - MARGIN.right) / 90));
  for (const tick of timeTicks(frame.startMs, frame.endMs, count)) {
    const x = Math.round(xOf(frame, tick)) + 0.5;
    context.beginPath();
    context.moveTo(x, frame.height - MARGIN.bottom);
    context.lineTo(x, frame.height - MARGIN.bottom + 4);
    context.stroke();
    context.fillText(formatTickTime(tick, span), x, frame.height - MARGIN.bottom + 6);
  }
}
