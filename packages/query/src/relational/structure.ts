// Structural conditions (`has`, see structure-spec.ts): validated against every field of
// the environment, planned as predicates, and compiled into sets of 64-bit span keys that
// a span's own key (child, descendant) or its parent's key (sibling) is checked against.
// The spans an entry matches are read per table with its filters, and its nested entries
// are checked on them outside that read, as the query's rows are (related-rows.ts).
import type { DatasetTable, FieldInfo, QueryTarget } from '../dataset-schema.ts';
import { TIMESTAMP_COLUMN } from '../dataset-schema.ts';
import type { PredicateNode } from '../query-plan.ts';
import type { QuerySpec } from '../query-spec.ts';
import { QueryError } from '../query-error.ts';
import { predicateExpr } from '../predicate-sql.ts';
import { tableColumn } from '../scan-sql.ts';
import type { Expr, QueryNode } from '../sql/sql-node.ts';
import {
  and,
  array,
  as,
  countDistinct,
  derived,
  eq,
  fn,
  id,
  inList,
  isNotNull,
  joinOne,
  lit,
  op,
  or,
  parens,
  select,
  star,
  typedNull,
} from '../sql/sql-build.ts';
import { validateFilter, type ValidFilter } from '../validate-query.ts';
import type { TraceScope } from './relational-fields.ts';
import { spanKey, spansWhere, traceKey, type Window } from './trace-spans.ts';
import type { SharedRelations } from './shared-relations.ts';
import { MAX_DESCENDANT_LEVELS, MAX_STRUCTURE_DEPTH, type Structure, type StructureRelation } from './structure-spec.ts';

export interface ValidStructure {
  relation: StructureRelation;
  filters: ValidFilter[];
  has: ValidStructure[];
}

export interface PlannedStructure {
  relation: StructureRelation;
  /** The conjunction of the entry's filters; null for none. */
  filter: PredicateNode | null;
  has: PlannedStructure[];
}

/** Structural conditions hold together with the filters; under OR they would mean nothing clear. */
export function checkStructurePlaces(spec: QuerySpec): boolean {
  if (spec.has.length === 0) return false;
  if (spec.filter_combination === 'OR')
    throw new QueryError('filter_combination', 'has needs filter_combination AND: the span must pass the filters and have its relatives');
  return true;
}

/** Entries checked against every field of the environment (a relative may live in another dataset). */
export function validateStructure(entries: readonly Structure[], target: QueryTarget, dataset: string, path = 'has', depth = 1): ValidStructure[] {
  if (depth > MAX_STRUCTURE_DEPTH) throw new QueryError(path, `nests deeper than ${MAX_STRUCTURE_DEPTH} levels of has`);
  const fields = target.traces?.fields ?? target.fields;
  const lookup = (at: string, name: string): FieldInfo => {
    const field = fields.get(name);
    if (!field)
      throw new QueryError(at, `no column ${JSON.stringify(name)} in any dataset of this environment (the datasets of ${JSON.stringify(dataset)}'s traces)`);
    return field;
  };
  return entries.map((entry, i) => ({
    relation: entry.relation,
    filters: entry.filters.map((filter, j) => validateFilter(filter, `${path}[${i}].filters[${j}]`, lookup)),
    has: validateStructure(entry.has, target, dataset, `${path}[${i}].has`, depth + 1),
  }));
}

export function planStructure(entries: readonly ValidStructure[], filterNode: (filter: ValidFilter) => PredicateNode): PlannedStructure[] {
  return entries.map((entry) => {
    const items = entry.filters.map(filterNode);
    return {
      relation: entry.relation,
      filter: items.length === 0 ? null : items.length === 1 ? items[0] : { kind: 'combine', op: 'AND', items },
      has: planStructure(entry.has, filterNode),
    };
  });
}

const [tk, k, pk] = [id('tk'), id('k'), id('pk')];

/** The spans of the scope as `tk` (their trace's key), `k` (their key) and `pk` (their parent's key, NULL for a root), per table where `where` holds. */
function keyedSpans(scope: TraceScope, window: Window, where: (table: DatasetTable) => Expr[]): QueryNode {
  const { ids } = scope;
  return spansWhere(
    scope,
    window,
    (table) => [
      as(traceKey(id(ids.trace)), 'tk'),
      as(spanKey(id(ids.trace), id(ids.span)), 'k'),
      as(spanKey(id(ids.trace), ids.parent !== undefined && table.columns.has(ids.parent) ? id(ids.parent) : typedNull('text', id(TIMESTAMP_COLUMN))), 'pk'),
    ],
    where,
  );
}

/** The spans an entry matches: its filters, then its nested entries checked on their keys. */
function matchingSpans(entry: PlannedStructure, scope: TraceScope, window: Window, shared: SharedRelations): QueryNode {
  const filtered = keyedSpans(scope, window, (table) => (entry.filter ? [predicateExpr(entry.filter, tableColumn(table))] : []));
  const nested = entry.has.map((inner) => structureCondition(inner, scope, window, k, pk, shared));
  return select({ columns: [tk, k, pk], from: derived(filtered, 'candidates'), ...(nested.length > 0 ? { where: and(...nested) } : {}) });
}

/**
 * The condition that a span, whose key and parent's key are `key` and `parentKey`, has the
 * entry's relative. Every read carries ids only, as 64-bit trace and span keys.
 */
export function structureCondition(entry: PlannedStructure, scope: TraceScope, window: Window, key: Expr, parentKey: Expr, shared: SharedRelations): Expr {
  switch (entry.relation) {
    case 'child':
      return inList(key, select({ columns: [pk], from: derived(matchingSpans(entry, scope, window, shared), 'relatives'), where: isNotNull(pk) }));
    case 'descendant': {
      // Each matching span with its ancestors beside it (a1 its parent, a2 that one's
      // parent, ...), one join a generation, as far as MAX_DESCENDANT_LEVELS; then every
      // ancestor as a row. The joins read the parent links of only the traces that hold a
      // matching span, so what they hold is bounded by those traces, not by the window.
      const matching = shared.share(matchingSpans(entry, scope, window, shared), 'matching');
      const links = shared.share(
        select({
          columns: [k, pk],
          from: derived(
            keyedSpans(scope, window, () => []),
            'spans',
          ),
          // Roots stay in (their pk is NULL, and so is what they join): a filter on the computed
          // key misleads DuckDB's estimate into building its hash table on every span instead.
          where: inList(tk, select({ columns: [tk], from: matching })),
        }),
        'links',
      );
      const ancestor = (level: number) => `a${level}`;
      let chain: QueryNode = select({ columns: [as(pk, ancestor(1))], from: matching, where: isNotNull(pk) });
      for (let level = 1; level < MAX_DESCENDANT_LEVELS; level++) {
        const up = select({ columns: [as(k, ancestor(level)), as(pk, ancestor(level + 1))], from: links });
        chain = select({ columns: [star()], from: derived(chain, 'chain'), joins: [joinOne(derived(up, 'up'), [ancestor(level)], 'left')] });
      }
      const levels = Array.from({ length: MAX_DESCENDANT_LEVELS }, (_, i) => id(ancestor(i + 1)));
      const ancestors = select({ columns: [as(fn('unnest', array(...levels)), 'ancestor')], from: derived(chain, 'chain') });
      const named = shared.share(select({ columns: [id('ancestor')], from: derived(ancestors, 'ancestors'), where: isNotNull(id('ancestor')) }), 'ancestors');
      return inList(key, select({ columns: [id('ancestor')], from: named }));
    }
    case 'sibling': {
      // Another child of the same parent: a parent with two matching children has one for each; with one, it has one for every child but that one.
      const [n, one] = [id('n'), id('one')];
      const families = shared.share(
        select({
          columns: [pk, as(countDistinct(k), 'n'), as(fn('min', k), 'one')],
          from: derived(matchingSpans(entry, scope, window, shared), 'relatives'),
          where: isNotNull(pk),
          groupBy: [pk],
        }),
        'families',
      );
      const parents = (count: Expr) => select({ columns: [pk], from: families, where: count });
      return parens(
        or(
          inList(parentKey, parents(op('>=', n, lit(2)))),
          parens(and(inList(parentKey, parents(eq(n, lit(1)))), inList(key, select({ columns: [one], from: families, where: eq(n, lit(1)) }), true))),
        ),
      );
    }
  }
}
