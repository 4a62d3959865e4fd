// Time ranges as the QuerySpec states them (relative `time_range`, or absolute
// `start_time`/`end_time` in unix seconds) resolved to a concrete window, and described
// for the picker.
import { DEFAULT_TIME_RANGE_SECONDS, queryWindow, type TimeWindow } from '@flashlight/query';
import type { QuerySpec } from '../api/query-spec.ts';

export type { TimeWindow };

export const TIME_RANGE_PRESETS: readonly { label: string; seconds: number }[] = [
  { label: 'Last 10 minutes', seconds: 10 * 60 },
  { label: 'Last 30 minutes', seconds: 30 * 60 },
  { label: 'Last hour', seconds: 60 * 60 },
  { label: 'Last 2 hours', seconds: 2 * 60 * 60 },
  { label: 'Last 6 hours', seconds: 6 * 60 * 60 },
  { label: 'Last 24 hours', seconds: 24 * 60 * 60 },
  { label: 'Last 7 days', seconds: 7 * 24 * 60 * 60 },
  { label: 'Last 28 days', seconds: 28 * 24 * 60 * 60 },
];

export const GRANULARITY_CHOICES: readonly { label: string; seconds: number }[] = [
  { label: '1 second', seconds: 1 },
  { label: '10 seconds', seconds: 10 },
  { label: '30 seconds', seconds: 30 },
  { label: '1 minute', seconds: 60 },
  { label: '5 minutes', seconds: 300 },
  { label: '15 minutes', seconds: 900 },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86400 },
];

/** The window a query covers at `nowMs`, by the same rules the query API applies. */
export function resolveTimeRange(query: QuerySpec, nowMs: number): TimeWindow {
  return queryWindow(query, Math.floor(nowMs / 1000));
}

/** The query with its time replaced by a relative range. */
export function withRelativeRange(query: QuerySpec, seconds: number): QuerySpec {
  const { start_time: _start, end_time: _end, ...rest } = query;
  return { ...rest, time_range: seconds };
}

/** The query with its time replaced by an absolute window. */
export function withAbsoluteRange(query: QuerySpec, window: TimeWindow): QuerySpec {
  const { time_range: _range, ...rest } = query;
  return { ...rest, start_time: Math.floor(window.start), end_time: Math.ceil(window.end) };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-11-27T10:05` in local time, the value a datetime-local input takes. */
export function toLocalInputValue(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInputValue(value: string): number | null {
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

export function describeTimeRange(query: QuerySpec): string {
  if (query.start_time === undefined && query.end_time === undefined) {
    const seconds = query.time_range ?? DEFAULT_TIME_RANGE_SECONDS;
    const preset = TIME_RANGE_PRESETS.find((p) => p.seconds === seconds);
    return preset ? preset.label : `Last ${formatDuration(seconds)}`;
  }
  const window = resolveTimeRange(query, Date.now());
  return `${toLocalInputValue(window.start).replace('T', ' ')} – ${toLocalInputValue(window.end).replace('T', ' ')}`;
}

/** `90` → `1m 30s`, `7200` → `2h`. */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let left = Math.round(seconds);
  for (const [size, unit] of units) {
    if (left >= size) {
      parts.push(`${Math.floor(left / size)}${unit}`);
      left %= size;
    }
  }
  return parts.slice(0, 2).join(' ') || '0s';
}
