// Reshapes a query result for display: one chart per calculation with one line per group
// on a shared time axis, and one table row per group. Groups are identified by their
// breakdown values; their order is the result's order (which honours ORDER BY and LIMIT).
import type { Calculation, QueryResult, QuerySpec } from '../api/query-spec.ts';
import { formatCalculation } from '@flashlight/query/clauses';

export interface Group {
  /** Stable identity of the group: its breakdown values, JSON-encoded. */
  key: string;
  /** One value per breakdown, null where the event lacked the field. */
  values: unknown[];
}

export interface ChartLine {
  group: Group;
  /** One value per time of the chart; NaN where the group had no value. */
  values: Float64Array;
  /** With confidence: each point's interval ends; NaN where it has none. */
  band?: { low: Float64Array; high: Float64Array };
}

export interface ChartSeries {
  /** The calculation's key in the result: `COUNT`, `P99(duration_ms)`. */
  label: string;
  /** Bucket start times, ms since the epoch, ascending. */
  times: number[];
  lines: ChartLine[];
}

export interface ResultRow {
  group: Group;
  /** Calculation key → value. */
  values: Record<string, number | null>;
  /** With confidence: calculation key → its interval, where it has one (an end null where the sample cannot bound it). */
  intervals?: Record<string, [number | null, number | null] | null>;
  /** Calculations with too few events to rank by (their interval is wider than the value). */
  uncertain?: ReadonlySet<string>;
}

/** Calculations for which "no events in the bucket" means zero rather than no value. */
const ZERO_WHEN_EMPTY = new Set(['COUNT', 'SUM', 'CONCURRENCY', 'COUNT_DISTINCT']);

/** What the API calculates: the query's calculations, or COUNT when it names none. */
export function calculationsOf(query: QuerySpec): Calculation[] {
  return query.calculations?.length ? query.calculations : [{ op: 'COUNT' }];
}

export function groupOf(data: Record<string, unknown>, breakdowns: readonly string[]): Group {
  const values = breakdowns.map((b) => data[b] ?? null);
  return { key: JSON.stringify(values), values };
}

/** `checkout · /api/cart`, or `all events` when nothing is grouped. */
export function groupLabel(group: Group): string {
  if (group.values.length === 0) return 'all events';
  return group.values.map((v) => (v === null ? '(none)' : String(v))).join(' · ');
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** Groups in the result's order, then any the series has that the results left out. */
function orderedGroups(result: QueryResult, breakdowns: readonly string[]): Group[] {
  const seen = new Map<string, Group>();
  for (const row of [...result.results, ...result.series]) {
    const group = groupOf(row.data, breakdowns);
    if (!seen.has(group.key)) seen.set(group.key, group);
  }
  return [...seen.values()];
}

/** Most points a chart fills in: the API caps buckets well below this. */
const MAX_FILLED_POINTS = 10_000;

/**
 * Every bucket time from the first to the last, one step apart: the series leaves out
 * buckets where nothing happened, and a count line must drop to zero there, not skip them.
 */
export function fillTimeGaps(times: readonly number[], stepMs: number): number[] {
  if (times.length < 2 || !(stepMs > 0) || (times[times.length - 1] - times[0]) / stepMs > MAX_FILLED_POINTS) return [...times];
  const filled = new Set(times);
  for (let t = times[0]; t < times[times.length - 1]; t += stepMs) filled.add(t);
  return [...filled].sort((a, b) => a - b);
}

/** Bucket start times (ms) of a result's series, ascending, each once. */
export function seriesTimes(result: QueryResult): number[] {
  return [...new Set(result.series.map((p) => Date.parse(p.time)))].filter(Number.isFinite).sort((a, b) => a - b);
}

export function buildChartSeries(result: QueryResult, query: QuerySpec): ChartSeries[] {
  const breakdowns = query.breakdowns ?? [];
  const present = seriesTimes(result);
  const times = fillTimeGaps(present, bucketWidthMs(present, query));
  const timeIndex = new Map(times.map((t, i) => [t, i]));
  const groups = orderedGroups(result, breakdowns);
  const groupIndex = new Map(groups.map((g, i) => [g.key, i]));
  return calculationsOf(query)
    .filter((calc) => calc.op !== 'HEATMAP')
    .map((calc) => {
      const label = formatCalculation(calc);
      const fill = ZERO_WHEN_EMPTY.has(calc.op) ? 0 : NaN;
      const banded = result.series.some((point) => point.ci?.[label]);
      const lines: ChartLine[] = groups.map((group) => ({
        group,
        values: new Float64Array(times.length).fill(fill),
        ...(banded ? { band: { low: new Float64Array(times.length).fill(NaN), high: new Float64Array(times.length).fill(NaN) } } : {}),
      }));
      for (const point of result.series) {
        const t = timeIndex.get(Date.parse(point.time));
        const value = toNumber(point.data[label]);
        if (t === undefined || value === null) continue;
        const line = lines[groupIndex.get(groupOf(point.data, breakdowns).key)!];
        line.values[t] = value;
        const interval = point.ci?.[label];
        // An unbounded end (null) leaves that point without a band.
        if (line.band && interval) [line.band.low[t], line.band.high[t]] = interval.map((end) => end ?? NaN);
      }
      return { label, times, lines };
    });
}

export function buildResultRows(result: QueryResult, query: QuerySpec): ResultRow[] {
  const breakdowns = query.breakdowns ?? [];
  const labels = calculationsOf(query)
    .filter((c) => c.op !== 'HEATMAP')
    .map(formatCalculation);
  return result.results.map((row) => ({
    group: groupOf(row.data, breakdowns),
    values: Object.fromEntries(labels.map((label) => [label, toNumber(row.data[label])])),
    ...(row.ci ? { intervals: row.ci, uncertain: new Set(row.uncertain ?? []) } : {}),
  }));
}

/** Width of one time bucket: the query's granularity, else the smallest step between points. */
export function bucketWidthMs(times: readonly number[], query: QuerySpec): number {
  if (query.granularity) return query.granularity * 1000;
  let step = Infinity;
  for (let i = 1; i < times.length; i++) step = Math.min(step, times[i] - times[i - 1]);
  return Number.isFinite(step) ? step : 60_000;
}

export type SortDirection = 'ascending' | 'descending';

/**
 * Sorts rows by a calculation or by the n-th group value; nulls last either way, and by a
 * calculation, values with too few events to rank by after the others.
 */
export function sortRows(rows: readonly ResultRow[], by: string | number, direction: SortDirection): ResultRow[] {
  const valueOf = (row: ResultRow): unknown => (typeof by === 'number' ? row.group.values[by] : row.values[by]);
  const sign = direction === 'ascending' ? 1 : -1;
  const unsure = (row: ResultRow) => (typeof by === 'string' && row.uncertain?.has(by) ? 1 : 0);
  return [...rows].sort((a, b) => {
    if (unsure(a) !== unsure(b)) return unsure(a) - unsure(b);
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va === null || va === undefined) return vb === null || vb === undefined ? 0 : 1;
    if (vb === null || vb === undefined) return -1;
    if (typeof va === 'number' && typeof vb === 'number') return (va - vb) * sign;
    return String(va).localeCompare(String(vb)) * sign;
  });
}
