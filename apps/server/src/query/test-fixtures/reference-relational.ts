// Test fixture: relational fields computed directly in JS, independently of the compiler.
// The query's rows gain their `root.`/`parent.` values as fields and lose the rows whose
// root, parent or trace fails the relational filters; referenceQuery answers the rest.
import type { FieldValue } from '../../events/wide-event.ts';
import type { DatasetEvent } from './generated-traces.ts';
import { matches, referenceQuery, type Spec } from './reference-query.ts';
import type { GeneratedEvent } from './generated-events.ts';

const RELATIONS = ['root', 'parent', 'any', 'none'] as const;
type Relation = (typeof RELATIONS)[number];
type Filter = NonNullable<Spec['filters']>[number];

const relationOf = (column: string): { relation: Relation; field: string } | undefined => {
  const dot = column.indexOf('.');
  const relation = column.slice(0, dot) as Relation;
  return RELATIONS.includes(relation) ? { relation, field: column.slice(dot + 1) } : undefined;
};

/** A span of the trace universe: trace and span ids, not a span event, link or log record. */
const isSpan = (e: GeneratedEvent) =>
  e.fields['trace.trace_id'] !== undefined &&
  e.fields['trace.span_id'] !== undefined &&
  e.fields['meta.annotation_type'] === undefined &&
  e.fields['meta.signal_type'] !== 'log';

/** A structural entry (`has`): the span has a child, descendant or sibling that passes its filters and, in turn, its own entries. */
export interface StructureEntry {
  relation: 'child' | 'descendant' | 'sibling';
  filters?: Filter[];
  has?: StructureEntry[];
}
export type RelationalSpec = Spec & { has?: StructureEntry[] };
/** How many generations below a span `descendant` looks, as documented. */
const DESCENDANT_LEVELS = 6;

const spanId = (e: GeneratedEvent) => e.fields['trace.span_id'];
const parentId = (e: GeneratedEvent) => e.fields['trace.parent_id'];

function hasRelative(x: GeneratedEvent, entry: StructureEntry, byTrace: Map<FieldValue, DatasetEvent[]>): boolean {
  const spans = byTrace.get(x.fields['trace.trace_id']) ?? [];
  const passes = (s: GeneratedEvent): boolean =>
    (entry.filters ?? []).every((f) => matches(s, f)) && (entry.has ?? []).every((inner) => hasRelative(s, inner, byTrace));
  switch (entry.relation) {
    case 'child':
      return spans.some((c) => parentId(c) === spanId(x) && passes(c));
    case 'sibling':
      return parentId(x) !== undefined && spans.some((s) => parentId(s) === parentId(x) && spanId(s) !== spanId(x) && passes(s));
    case 'descendant':
      return spans.some((d) => {
        if (!passes(d)) return false;
        let parent: FieldValue | undefined = parentId(d);
        for (let level = 0; level < DESCENDANT_LEVELS && parent !== undefined; level++) {
          if (parent === spanId(x)) return true;
          parent = spans.find((s) => spanId(s) === parent)?.fields['trace.parent_id'] as FieldValue | undefined;
        }
        return false;
      });
  }
}

const least = (values: FieldValue[]) => (values.length === 0 ? undefined : values.reduce((a, b) => (b < a ? b : a)));

/** The spans of `all` in the window, grouped by trace. */
export function traceSpans(all: readonly DatasetEvent[], spec: Spec): Map<FieldValue, DatasetEvent[]> {
  const byTrace = new Map<FieldValue, DatasetEvent[]>();
  for (const e of all) {
    if (e.timeMs < spec.start_time * 1000 || e.timeMs >= spec.end_time * 1000 || !isSpan(e)) continue;
    const tid = e.fields['trace.trace_id'];
    byTrace.set(tid, [...(byTrace.get(tid) ?? []), e]);
  }
  return byTrace;
}

/** The rows of `dataset` ('__all__' for every one) that pass the relational filters, with their related values as fields. */
export function relationalRows(all: readonly DatasetEvent[], dataset: string, spec: RelationalSpec): { rows: GeneratedEvent[]; spec: Spec } {
  const byTrace = traceSpans(all, spec);
  const own: Filter[] = [];
  const related = new Map<Relation, Filter[]>();
  for (const filter of spec.filters ?? []) {
    const split = relationOf(filter.column);
    if (!split) own.push(filter);
    else related.set(split.relation, [...(related.get(split.relation) ?? []), { ...filter, column: split.field }]);
  }
  const candidates = (row: GeneratedEvent, relation: Relation): DatasetEvent[] => {
    const tid = row.fields['trace.trace_id'];
    const spans = tid === undefined ? [] : (byTrace.get(tid) ?? []);
    if (relation === 'root') return spans.filter((s) => s.fields['trace.parent_id'] === undefined);
    if (relation === 'parent')
      return row.fields['trace.parent_id'] === undefined ? [] : spans.filter((s) => s.fields['trace.span_id'] === row.fields['trace.parent_id']);
    return spans;
  };
  const structure = spec.has ?? [];
  const passes = (row: GeneratedEvent) =>
    (structure.length === 0 || (isSpan(row) && structure.every((entry) => hasRelative(row, entry, byTrace)))) &&
    [...related].every(([relation, filters]) => {
      const found = candidates(row, relation).some((s) => filters.every((f) => matches(s, f)));
      return relation === 'none' ? row.fields['trace.trace_id'] !== undefined && !found : found;
    });
  const rows = all
    .filter((e) => (dataset === '__all__' || e.dataset === dataset) && passes(e))
    .map((e) => {
      const fields = { ...e.fields };
      for (const name of spec.breakdowns ?? []) {
        const split = relationOf(name);
        if (!split) continue;
        const value = least(candidates(e, split.relation).flatMap((s) => (s.fields[split.field] === undefined ? [] : [s.fields[split.field]])));
        if (value !== undefined) fields[name] = value;
      }
      return { timeMs: e.timeMs, sampleRate: e.sampleRate, fields };
    });
  const { has: _has, ...plain } = spec;
  return { rows, spec: { ...plain, filters: own } };
}

/** The answer of a query with relational fields over `dataset`. */
export function referenceRelationalQuery(spec: RelationalSpec, all: readonly DatasetEvent[], dataset: string) {
  const { rows, spec: plain } = relationalRows(all, dataset, spec);
  return referenceQuery(plain, rows);
}

/** The answer of `results: traces` over `dataset`: the newest `limit` traces with a matching event, summarised from their spans. */
export function referenceTraceResults(spec: Spec, all: readonly DatasetEvent[], dataset: string) {
  const { rows, spec: plain } = relationalRows(all, dataset, spec);
  const matched = rows.filter(
    (e) =>
      e.timeMs >= spec.start_time * 1000 &&
      e.timeMs < spec.end_time * 1000 &&
      (plain.filters ?? []).every((f) => matches(e, f)) &&
      e.fields['trace.trace_id'] !== undefined,
  );
  const last = new Map<string, number>();
  for (const e of matched) last.set(String(e.fields['trace.trace_id']), Math.max(last.get(String(e.fields['trace.trace_id'])) ?? -Infinity, e.timeMs));
  const byTrace = traceSpans(all, spec);
  return [...last]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, spec.limit ?? 100)
    .map(([traceId]) => {
      const spans = byTrace.get(traceId) ?? [];
      const firstUs = Math.min(...spans.map((s) => s.timeMs * 1000));
      const lastEndUs = Math.max(...spans.map((s) => s.timeMs * 1000 + Number(s.fields.duration_ms ?? 0) * 1000));
      const roots = spans.filter((s) => s.fields['trace.parent_id'] === undefined);
      return {
        traceId,
        rootName: (least(roots.flatMap((s) => (s.fields.name === undefined ? [] : [s.fields.name]))) as string | undefined) ?? null,
        rootService: (least(roots.flatMap((s) => (s.fields['service.name'] === undefined ? [] : [s.fields['service.name']]))) as string | undefined) ?? null,
        startTime: new Date(firstUs / 1000).toISOString(),
        durationMs: (lastEndUs - firstUs) / 1000,
        spans: spans.length,
        errors: spans.filter((s) => s.fields.error === true).length,
        matchingSpanIds: [
          ...new Set(
            matched
              .filter((e) => String(e.fields['trace.trace_id']) === traceId && e.fields['trace.span_id'] !== undefined)
              .map((e) => String(e.fields['trace.span_id'])),
          ),
        ].sort(),
      };
    });
}
