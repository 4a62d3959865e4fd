// A query's rows with their relational fields. Each table's rows are read with the
// query's own filters and, beside their columns, their ids as 64-bit keys (`rel_tk` the
// trace's, `rel_k` the span's, `rel_pk` its parent's); the union of the tables' rows is
// then checked once against the relations and joined once to the grouped-by root and
// parent columns. A relation is a read of the environment's spans in the query's window,
// filtered in each table and carrying ids only: a set of trace keys or of span keys.
//
// Checked outside the union, each set is read and held once per statement however many
// tables the query reads (checked in each table's select, an `__all__` query held a copy
// of every set, and of a descendant's six-join chain, per table). On ClickHouse the sets
// are then also built once where the statement starts, over every shard, rather than on
// each shard over its own spans (the datasets are sharded at random), and without GLOBAL
// IN, which 18.16 loses track of when a statement holds several.
//
// Why not precompute: a root name written on every span at ingest would save one filtered
// read per prefix, but a root span usually ends, and so arrives, after its children, so the
// stored children would need rewriting; a per-trace summary table would need the same on
// every late span. bench/relational.ts measures these statements against hand-written
// joins on the same tables (BENCHMARKS.md).
import type { DatasetTable, FieldType } from '../dataset-schema.ts';
import { TIMESTAMP_COLUMN } from '../dataset-schema.ts';
import { predicateExpr } from '../predicate-sql.ts';
import { tableColumn } from '../scan-sql.ts';
import type { CteNode, Expr, FromNode, QueryNode } from '../sql/sql-node.ts';
import { and, as, caseWhen, derived, fn, id, inList, isNotNull, isNull, joinOne, NULL, select, star, typedNull } from '../sql/sql-build.ts';
import type { RelatedGroupColumn, RelationalPlan } from './relational-plan.ts';
import type { PredicateNode } from '../query-plan.ts';
import { structureCondition } from './structure.ts';
import { sharedRelations } from './shared-relations.ts';
import { isSpan, spanKey, spansWhere, traceKey, type Window } from './trace-spans.ts';

export interface RelatedRows {
  /** What each table's select adds: the row's ids, for the checks made outside the union. */
  ids(source: DatasetTable): Expr[];
  /** Whether a plan key is a relational field: its value is joined outside the union, so no table's select reads it. */
  joins(key: string): boolean;
  /**
   * The rows of `rows` (the union of the tables' selects, each with its ids) that pass the
   * relational filters, as `columns`: each a column of `rows`, or, where `key` names a
   * relational field, that field's value, under `name`.
   */
  checked(rows: QueryNode, columns: readonly { name: string; key?: string }[]): QueryNode;
  /** The relations the checks read more than once, for the statement's WITH (before whatever reads the checked rows). */
  readonly with: readonly CteNode[];
}

const [TRACE_KEY, KEY, PARENT_KEY] = ['rel_tk', 'rel_k', 'rel_pk'];
const SQL_TYPES: Partial<Record<FieldType, 'text' | 'bigint' | 'double'>> = { string: 'text', integer: 'bigint', float: 'double' };

/** The filter on a span of `table`, its columns read there (NULL where the table lacks one). */
const holds = (filter: PredicateNode) => (source: DatasetTable) => [predicateExpr(filter, tableColumn(source))];

export function relatedRows(plan: RelationalPlan, window: Window): RelatedRows {
  const { ids } = plan.scope;
  const [traceKeyOfRow, key, parentKey] = [id(TRACE_KEY), id(KEY), id(PARENT_KEY)];
  const shared = sharedRelations();
  const traceKeys = (where: (table: DatasetTable) => Expr[]) => spansWhere(plan.scope, window, () => [as(traceKey(id(ids.trace)), 'tk')], where);
  const rootOnly = (table: DatasetTable) => (table.columns.has(ids.parent ?? '') ? [isNull(id(ids.parent!))] : []);

  const conditions = plan.conditions.map(({ relation, filter }): Expr => {
    switch (relation) {
      case 'root':
        return inList(
          traceKeyOfRow,
          traceKeys((t) => [...rootOnly(t), ...holds(filter)(t)]),
        );
      case 'parent':
        return inList(
          parentKey,
          spansWhere(plan.scope, window, () => [as(spanKey(id(ids.trace), id(ids.span)), 'k')], holds(filter)),
        );
      case 'any':
        return inList(traceKeyOfRow, traceKeys(holds(filter)));
      case 'none':
        return and(isNotNull(traceKeyOfRow), inList(traceKeyOfRow, traceKeys(holds(filter)), true));
    }
  });
  // Structural conditions hold for spans only (a span's key is NULL on other rows).
  if (plan.structure.length > 0)
    conditions.push(isNotNull(key), ...plan.structure.map((entry) => structureCondition(entry, plan.scope, window, key, parentKey, shared)));

  const aliases = new Map(plan.columns.map((c, i) => [c.key, `rel${i}`]));
  const roots = plan.columns.filter((c) => c.relation === 'root');
  const parents = plan.columns.filter((c) => c.relation === 'parent');
  const needs = {
    key: plan.structure.length > 0,
    parentKey: plan.structure.length > 0 || parents.length > 0 || plan.conditions.some((c) => c.relation === 'parent'),
  };
  const typedColumn = (c: RelatedGroupColumn) => (t: DatasetTable) =>
    t.columns.has(c.column) ? id(c.column) : SQL_TYPES[c.type] ? typedNull(SQL_TYPES[c.type]!, id(TIMESTAMP_COLUMN)) : NULL;
  /** Each related span's columns, one row per key (the least value where a trace has several roots or a span id repeats). */
  const related = (keyOf: Expr, keyName: string, columns: RelatedGroupColumn[], where: (table: DatasetTable) => Expr[]) =>
    select({
      columns: [id(keyName), ...columns.map((c) => as(fn('min', id(`v_${aliases.get(c.key)}`)), aliases.get(c.key)!))],
      from: derived(
        spansWhere(plan.scope, window, (t) => [as(keyOf, keyName), ...columns.map((c) => as(typedColumn(c)(t), `v_${aliases.get(c.key)}`))], where),
        'spans',
      ),
      groupBy: [id(keyName)],
    });

  return {
    ids(source) {
      const column = (name: string | undefined) => (name !== undefined && source.columns.has(name) ? id(name) : typedNull('text', id(TIMESTAMP_COLUMN)));
      const trace = column(ids.trace);
      // Only a table with both ids holds spans; elsewhere the key is NULL, typed as the keys are.
      const spans = source.columns.has(ids.trace) && source.columns.has(ids.span);
      return [
        as(traceKey(trace), TRACE_KEY),
        ...(needs.key ? [as(spans ? caseWhen([[isSpan(source, ids), fn('hash', trace, column(ids.span))]]) : spanKey(trace, column(ids.span)), KEY)] : []),
        ...(needs.parentKey ? [as(spanKey(trace, column(ids.parent)), PARENT_KEY)] : []),
      ];
    },
    joins: (name) => aliases.has(name),
    with: shared.ctes,
    checked(rows, columns) {
      // One join at a time: ClickHouse 18.16 takes one JOIN per SELECT.
      let from: FromNode = derived(rows, 'rows');
      if (roots.length > 0)
        from = derived(
          select({
            columns: [star()],
            from,
            joins: [joinOne(derived(related(traceKey(id(ids.trace)), TRACE_KEY, roots, rootOnly), 'roots'), [TRACE_KEY], 'left')],
          }),
          'with_roots',
        );
      if (parents.length > 0) {
        const parentRows = related(spanKey(id(ids.trace), id(ids.span)), PARENT_KEY, parents, () => []);
        from = derived(select({ columns: [star()], from, joins: [joinOne(derived(parentRows, 'parents'), [PARENT_KEY], 'left')] }), 'with_parents');
      }
      return select({
        columns: columns.map(({ name, key: field }) => {
          const alias = field === undefined ? undefined : aliases.get(field);
          return alias === undefined ? id(name) : as(id(alias), name);
        }),
        from,
        ...(conditions.length > 0 ? { where: and(...conditions) } : {}),
      });
    },
  };
}
