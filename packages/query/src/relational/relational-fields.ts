// Relational fields, as Honeycomb has them: a column prefixed `root.`, `parent.`, `any.` or
// `none.` reads another span of the event's trace. All the filters of one prefix hold on
// one span together (the root; the parent; some span of the trace; no span of the trace);
// `root.` and `parent.` may also be grouped by. See docs/relational-queries.md.
import type { DatasetTable, FieldInfo, FieldType, QueryTarget } from '../dataset-schema.ts';
import type { QuerySpec } from '../query-spec.ts';
import { QueryError } from '../query-error.ts';

import { GROUPABLE_RELATIONS, RELATIONS, type Relation } from '../clauses/clause-ops.ts';
export { GROUPABLE_RELATIONS, RELATIONS, type Relation };

/** What a relational field reads: which span, and that span's physical column. */
export interface RelatedColumn {
  relation: Relation;
  column: string;
  type: FieldType;
}

/** Every table of the environment and every field: a span's root or parent may live in another dataset. */
export interface TraceUniverse {
  tables: readonly DatasetTable[];
  fields: ReadonlyMap<string, FieldInfo>;
}

/** The physical columns that place an event in its trace. */
export interface TraceColumns {
  trace: string;
  span: string;
  parent?: string;
  /** `meta.annotation_type`: span events and links are not spans. */
  annotation?: string;
  /** `meta.signal_type`: log records are not spans. */
  signal?: string;
  /** What a trace's summary reads of its spans (`results: traces`). */
  name?: string;
  service?: string;
  duration?: string;
  error?: string;
  status?: string;
}

/** Where relational fields look: the tables that hold spans, and their id columns. */
export interface TraceScope {
  tables: readonly DatasetTable[];
  ids: TraceColumns;
}

export const TRACE_ID_FIELD = 'trace.trace_id';
export const SPAN_ID_FIELD = 'trace.span_id';
export const PARENT_ID_FIELD = 'trace.parent_id';

/** The relation a name is prefixed with, and the field it names; undefined without a prefix. */
export function splitRelational(name: string): { relation: Relation; field: string } | undefined {
  const dot = name.indexOf('.');
  const relation = name.slice(0, dot) as Relation;
  if (dot <= 0 || !RELATIONS.includes(relation) || dot === name.length - 1) return undefined;
  return { relation, field: name.slice(dot + 1) };
}

/** The plan key of a relational field: never a physical column, never printed. */
export const relationalKey = (relation: Relation, column: string) => `${relation}:${column}`;

/** Whether the name is a relational field of this target, not a field that happens to carry the prefix. */
const isRelational = (target: QueryTarget, name: string) => !target.fields.has(name) && splitRelational(name) !== undefined;

/**
 * Refuses relational fields where they mean nothing: in calculations, in breakdowns other
 * than `root.` and `parent.`, and under OR (each prefix's filters hold on one span together).
 */
export function checkRelationalPlaces(spec: QuerySpec, target: QueryTarget): boolean {
  const relational = (name: string | undefined) => name !== undefined && isRelational(target, name);
  spec.calculations.forEach((calculation, i) => {
    if (relational(calculation.column)) {
      throw new QueryError(
        `calculations[${i}].column`,
        `relational fields (${JSON.stringify(calculation.column)}) can be filtered and grouped by, not calculated`,
      );
    }
  });
  spec.breakdowns.forEach((name, i) => {
    const split = relational(name) ? splitRelational(name)! : undefined;
    if (split && !GROUPABLE_RELATIONS.includes(split.relation)) {
      throw new QueryError(`breakdowns[${i}]`, `${split.relation}. names no one span to group by; only root. and parent. fields can be breakdowns`);
    }
  });
  const filtered = spec.filters.findIndex((filter) => relational(filter.column));
  if (filtered >= 0 && spec.filter_combination === 'OR') {
    throw new QueryError(
      'filter_combination',
      `relational fields (filters[${filtered}]) need filter_combination AND: each prefix's filters hold on one span together`,
    );
  }
  return filtered >= 0 || spec.breakdowns.some(relational);
}

/** The field a prefixed name reads, or undefined when the name has no prefix (or is a field of its own). */
export function relationalField(target: QueryTarget, name: string, path: string): FieldInfo | undefined {
  if (!isRelational(target, name)) return undefined;
  const { relation, field } = splitRelational(name)!;
  const fields = target.traces?.fields ?? target.fields;
  const base = fields.get(field);
  if (!base || base.expression) {
    throw new QueryError(path, `no column ${JSON.stringify(field)} in any dataset of this environment for ${JSON.stringify(name)} to read`);
  }
  return { name, type: base.type, column: relationalKey(relation, base.column), relation: { relation, column: base.column, type: base.type } };
}

/** The spans relational fields read: every table of the environment with trace and span ids. */
export function traceScopeOf(target: QueryTarget, dataset: string): TraceScope {
  const universe = target.traces ?? target;
  const physical = (name: string, types: readonly FieldType[] = ['string']) => {
    const field = universe.fields.get(name);
    return field && types.includes(field.type) ? field.column : undefined;
  };
  const [trace, span] = [physical(TRACE_ID_FIELD), physical(SPAN_ID_FIELD)];
  if (!trace || !span) throw new QueryError('', `relational fields need spans, and no dataset here has ${TRACE_ID_FIELD} and ${SPAN_ID_FIELD}`);
  if (!target.tables.some((table) => table.columns.has(trace))) {
    throw new QueryError('', `dataset ${JSON.stringify(dataset)} has no ${TRACE_ID_FIELD}: its events are in no trace, so relational fields cannot apply`);
  }
  const ids: TraceColumns = {
    trace,
    span,
    ...defined('parent', physical(PARENT_ID_FIELD)),
    ...defined('annotation', physical('meta.annotation_type')),
    ...defined('signal', physical('meta.signal_type')),
    ...defined('name', physical('name')),
    ...defined('service', physical('service.name')),
    ...defined('duration', physical('duration_ms', ['integer', 'float'])),
    ...defined('error', physical('error', ['boolean'])),
    ...defined('status', physical('status_code', ['integer'])),
  };
  return { tables: universe.tables.filter((table) => table.columns.has(trace) && table.columns.has(span)), ids };
}

const defined = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));
