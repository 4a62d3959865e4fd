// The relational part of a query plan: per prefix, the one condition its filters make on
// the related span; and the root and parent columns the query groups by.
import type { FieldType } from '../dataset-schema.ts';
import type { PredicateNode } from '../query-plan.ts';
import type { ValidFilter, ValidQuery } from '../validate-query.ts';
import { QueryError } from '../query-error.ts';
import { RELATIONS, type Relation, type TraceScope } from './relational-fields.ts';
import { planStructure, type PlannedStructure } from './structure.ts';

export interface RelatedCondition {
  relation: Relation;
  /** The conjunction of the prefix's filters, on the related span's physical columns. */
  filter: PredicateNode;
}

export interface RelatedGroupColumn {
  /** The plan key the query's groups name it by. */
  key: string;
  relation: Relation;
  column: string;
  type: FieldType;
}

export interface RelationalPlan {
  scope: TraceScope;
  conditions: readonly RelatedCondition[];
  columns: readonly RelatedGroupColumn[];
  /** Structural conditions (`has`): relatives each matching span must have. */
  structure: readonly PlannedStructure[];
}

export function relationalPlan(query: ValidQuery, filterNode: (filter: ValidFilter) => PredicateNode): RelationalPlan | undefined {
  if (!query.traces) return undefined;
  const conditions = RELATIONS.flatMap((relation): RelatedCondition[] => {
    const filters = query.filters.filter((f) => f.field.relation?.relation === relation);
    if (filters.length === 0) return [];
    const items = filters.map((f) => filterNode({ ...f, field: { ...f.field, column: f.field.relation!.column } }));
    return [{ relation, filter: items.length === 1 ? items[0] : { kind: 'combine', op: 'AND', items } }];
  });
  const columns = query.breakdowns.flatMap((field) => (field.relation ? [{ key: field.column, ...field.relation }] : []));
  return { scope: query.traces, conditions, columns, structure: planStructure(query.structure ?? [], filterNode) };
}

/** For features that read filters on their own (exports, the flows' trace filter): a clear refusal rather than relational filters silently dropped. */
export function refuseRelational(query: ValidQuery, feature: string): void {
  if (query.traces)
    throw new QueryError('filters', `${feature} take plain filters: relational fields (root., parent., any., none.), has and results are not supported here`);
}
