// Test fixture: the QuerySpec semantics computed directly in JS over events in memory,
// the oracle the compiled SQL is checked against. It implements the documented rules
// independently of the compiler: weighted aggregates, the weighted percentile (smallest
// value whose cumulative weight reaches the fraction), heatmap buckets, CONCURRENCY as
// weighted time in progress within each period over its length, per-second rates between adjacent buckets, negated filters matching
// events without the field, ranking with every breakdown as a tie-break.
import { HEATMAP_BUCKETS, PERCENTILES } from '@flashlight/query';
import type { FieldValue } from '../../events/wide-event.ts';
import type { GeneratedEvent } from './generated-events.ts';

type Cell = FieldValue | null;
export interface Spec {
  calculations?: { op: string; column?: string }[];
  filters?: { column: string; op: string; value?: FieldValue | FieldValue[] }[];
  filter_combination?: 'AND' | 'OR';
  breakdowns?: string[];
  orders?: { column?: string; op?: string; order?: 'ascending' | 'descending' }[];
  havings?: { calculate_op: string; column?: string; op: string; value: number }[];
  limit?: number;
  start_time: number;
  end_time: number;
  granularity: number;
}

const nameOf = (c: { op: string; column?: string }) => (c.column === undefined ? c.op : `${c.op}(${c.column})`);

export function matches(event: GeneratedEvent, filter: NonNullable<Spec['filters']>[number]): boolean {
  const v = event.fields[filter.column];
  const present = v !== undefined;
  const value = filter.value as FieldValue;
  const list = filter.value as FieldValue[];
  switch (filter.op) {
    case '=':
      return present && v === value;
    case '!=':
      return !present || v !== value;
    case '>':
      return present && v > value;
    case '>=':
      return present && v >= value;
    case '<':
      return present && v < value;
    case '<=':
      return present && v <= value;
    case 'starts-with':
      return present && String(v).startsWith(String(value));
    case 'does-not-start-with':
      return !present || !String(v).startsWith(String(value));
    case 'ends-with':
      return present && String(v).endsWith(String(value));
    case 'does-not-end-with':
      return !present || !String(v).endsWith(String(value));
    case 'contains':
      return present && String(v).includes(String(value));
    case 'does-not-contain':
      return !present || !String(v).includes(String(value));
    case 'exists':
      return present;
    case 'does-not-exist':
      return !present;
    case 'in':
      return present && list.includes(v);
    case 'not-in':
      return !present || !list.includes(v);
    default:
      throw new Error(`unknown filter op ${filter.op}`);
  }
}

function numbers(events: GeneratedEvent[], column: string): { v: number; w: number }[] {
  return events.flatMap((e) => (typeof e.fields[column] === 'number' ? [{ v: e.fields[column] as number, w: e.sampleRate }] : []));
}

export function weightedPercentile(values: { v: number; w: number }[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a.v - b.v);
  const total = sorted.reduce((s, x) => s + x.w, 0);
  let cumulative = 0;
  for (const x of sorted) {
    cumulative += x.w;
    if (cumulative >= fraction * total) return x.v;
  }
  return sorted[sorted.length - 1].v;
}

type Value = number | null | { bounds: number[]; counts: number[] };

/** A period [fromMs, toMs) of a query whose range ends at endMs, and the spans that may be in progress in it. */
interface Period {
  spans: GeneratedEvent[];
  fromMs: number;
  toMs: number;
  endMs: number;
}

/** When a span stops counting, in µs: its end, or the range's end; undefined without a duration. */
function countedUntilUs(e: GeneratedEvent, endMs: number): number | undefined {
  const duration = e.fields.duration_ms;
  return typeof duration === 'number' ? Math.min(e.timeMs * 1000 + duration * 1000, endMs * 1000) : undefined;
}

/** Σ sample rate × time each span is in progress within the period, over the period's length. */
function concurrency({ spans, fromMs, toMs, endMs }: Period): number {
  let weightedMs = 0;
  for (const e of spans) {
    const until = countedUntilUs(e, endMs);
    if (until === undefined) continue;
    weightedMs += (e.sampleRate * Math.max(Math.min(until, toMs * 1000) - Math.max(e.timeMs * 1000, fromMs * 1000), 0)) / 1000;
  }
  return weightedMs / (toMs - fromMs);
}

/** The start of every bucket a span is in progress in, from the one it starts in. */
function bucketsInProgress(e: GeneratedEvent, bucketMs: number, endMs: number): number[] {
  const first = Math.floor(e.timeMs / bucketMs) * bucketMs;
  const until = countedUntilUs(e, endMs);
  const count = until !== undefined && until > e.timeMs * 1000 ? Math.floor((until - 1 - first * 1000) / (bucketMs * 1000)) + 1 : 1;
  return Array.from({ length: count }, (_, k) => first + k * bucketMs);
}

function calculate(
  calc: { op: string; column?: string },
  events: GeneratedEvent[],
  period: Period,
  heatmapRange: Map<string, { lo: number; hi: number } | null>,
): Value {
  const { op, column } = calc;
  if (op === 'COUNT') return events.reduce((s, e) => s + e.sampleRate, 0);
  if (op === 'CONCURRENCY') return concurrency(period);
  const values = numbers(events, column!);
  const base = op.startsWith('RATE_') ? op.slice(5) : op;
  if (op in PERCENTILES) return weightedPercentile(values, PERCENTILES[op as keyof typeof PERCENTILES]);
  switch (base) {
    case 'SUM':
      return values.length ? values.reduce((s, x) => s + x.w * x.v, 0) : null;
    case 'AVG':
      return values.length ? values.reduce((s, x) => s + x.w * x.v, 0) / values.reduce((s, x) => s + x.w, 0) : null;
    case 'MIN':
      return values.length ? Math.min(...values.map((x) => x.v)) : null;
    case 'MAX':
      return values.length ? Math.max(...values.map((x) => x.v)) : null;
    case 'COUNT_DISTINCT':
      return new Set(events.flatMap((e) => (e.fields[column!] === undefined ? [] : [e.fields[column!]]))).size;
    case 'HEATMAP': {
      const range = heatmapRange.get(column!);
      if (!range) return { bounds: [], counts: [] };
      const counts = new Array(HEATMAP_BUCKETS).fill(0);
      for (const { v, w } of values) {
        const k = range.hi > range.lo ? Math.min(Math.floor(((v - range.lo) * HEATMAP_BUCKETS) / (range.hi - range.lo)), HEATMAP_BUCKETS - 1) : 0;
        counts[k] += w;
      }
      return { bounds: Array.from({ length: HEATMAP_BUCKETS + 1 }, (_, k) => range.lo + ((range.hi - range.lo) * k) / HEATMAP_BUCKETS), counts };
    }
  }
  throw new Error(`unknown calculation ${op}`);
}

function compare(a: Cell | Value, b: Cell | Value): number {
  if (a === b) return 0;
  if (a === null) return 1; // NULLS LAST
  if (b === null) return -1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

const HAVING: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

export function referenceQuery(spec: Spec, all: GeneratedEvent[]) {
  const calcs = spec.calculations?.length ? spec.calculations : [{ op: 'COUNT' }];
  const breakdowns = spec.breakdowns ?? [];
  const startMs = spec.start_time * 1000;
  const endMs = spec.end_time * 1000;
  const bucketMs = spec.granularity * 1000;
  const filters = spec.filters ?? [];
  const events = all.filter((e) => {
    if (e.timeMs < startMs || e.timeMs >= endMs) return false;
    if (filters.length === 0) return true;
    return spec.filter_combination === 'OR' ? filters.some((f) => matches(e, f)) : filters.every((f) => matches(e, f));
  });

  const heatmapRange = new Map<string, { lo: number; hi: number } | null>();
  for (const c of calcs.filter((c) => c.op === 'HEATMAP')) {
    const values = numbers(events, c.column!).map((x) => x.v);
    heatmapRange.set(c.column!, values.length ? { lo: Math.min(...values), hi: Math.max(...values) } : null);
  }

  const groupKey = (e: GeneratedEvent) => breakdowns.map((b) => (e.fields[b] === undefined ? null : e.fields[b]));
  const groups = new Map<string, { key: Cell[]; events: GeneratedEvent[] }>();
  for (const e of events) {
    const key = groupKey(e);
    const id = JSON.stringify(key);
    if (!groups.has(id)) groups.set(id, { key, events: [] });
    groups.get(id)!.events.push(e);
  }
  if (breakdowns.length === 0 && groups.size === 0) groups.set('[]', { key: [], events: [] });

  let totals = [...groups.values()].map((g) => ({
    key: g.key,
    events: g.events,
    values: calcs.map((c) => calculate(c, g.events, { spans: g.events, fromMs: startMs, toMs: endMs, endMs }, heatmapRange)),
  }));
  for (const h of spec.havings ?? []) {
    const i = calcs.findIndex((c) => nameOf(c) === nameOf({ op: h.calculate_op, column: h.column }));
    totals = totals.filter((t) => typeof t.values[i] === 'number' && HAVING[h.op](t.values[i] as number, h.value));
  }
  const orders = (spec.orders ?? []).map((o) =>
    o.op !== undefined
      ? {
          value: (t: (typeof totals)[number]) => t.values[calcs.findIndex((c) => nameOf(c) === nameOf({ op: o.op!, column: o.column }))],
          descending: o.order === 'descending',
        }
      : { value: (t: (typeof totals)[number]) => t.key[breakdowns.indexOf(o.column!)], descending: o.order === 'descending' },
  );
  if (orders.length === 0) {
    const first = calcs.findIndex((c) => c.op !== 'HEATMAP' && !c.op.startsWith('RATE_'));
    if (first >= 0) orders.push({ value: (t) => t.values[first], descending: true });
  }
  breakdowns.forEach((b, i) => orders.push({ value: (t) => t.key[i], descending: false }));
  totals.sort((a, b) => {
    for (const o of orders) {
      const [x, y] = [o.value(a) as Cell, o.value(b) as Cell];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return o.descending ? -compare(x, y) : compare(x, y);
    }
    return 0;
  });
  totals = totals.slice(0, spec.limit ?? 100);

  const rowData = (key: Cell[], values: Value[]) => ({
    ...Object.fromEntries(breakdowns.map((b, i) => [b, key[i]])),
    ...Object.fromEntries(calcs.map((c, i) => [nameOf(c), values[i]])),
  });
  const series = totals.flatMap((t, rank) => {
    // A bucket is in the series when one of the group's events starts in it or, with a
    // CONCURRENCY, one of its spans is in progress there.
    const buckets = new Map<number, GeneratedEvent[]>();
    const inProgress = calcs.some((c) => c.op === 'CONCURRENCY');
    for (const e of t.events) {
      for (const bucket of inProgress ? bucketsInProgress(e, bucketMs, endMs) : []) if (!buckets.has(bucket)) buckets.set(bucket, []);
      const bucket = Math.floor(e.timeMs / bucketMs) * bucketMs;
      if (!buckets.has(bucket)) buckets.set(bucket, []);
      buckets.get(bucket)!.push(e);
    }
    return [...buckets].map(([bucket, events]) => ({
      bucket,
      rank,
      data: rowData(
        t.key,
        calcs.map((c) => calculate(c, events, { spans: t.events, fromMs: bucket, toMs: bucket + bucketMs, endMs }, heatmapRange)),
      ) as Record<string, Value | Cell>,
    }));
  });
  series.sort((a, b) => a.bucket - b.bucket || a.rank - b.rank);
  const results = totals.map((t) => ({ data: rowData(t.key, t.values) as Record<string, Value | Cell> }));

  calcs.forEach((c) => {
    if (!c.op.startsWith('RATE_')) return;
    const name = nameOf(c);
    results.forEach((result, rank) => {
      const points = series.filter((s) => s.rank === rank);
      const underlying = new Map(points.map((p) => [p.bucket, p.data[name]]));
      const rates: number[] = [];
      for (const p of points) {
        const [now, before] = [underlying.get(p.bucket), underlying.get(p.bucket - bucketMs)];
        p.data[name] = typeof now === 'number' && typeof before === 'number' ? (now - before) / spec.granularity : null;
        if (p.data[name] !== null) rates.push(p.data[name] as number);
      }
      result.data[name] = rates.length ? rates.reduce((s, r) => s + r, 0) / rates.length : null;
    });
  });

  return {
    results,
    series: series.map((s) => ({ time: new Date(s.bucket).toISOString(), data: s.data })),
  };
}
