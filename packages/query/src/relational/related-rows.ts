// One query table's rows with their relational fields: conditions that keep the rows whose
// root, parent or trace passes the relational filters, and joins that bring the root's and
// the parent's grouped-by columns beside each row.
//
// Nothing is precomputed at ingest. Each relation is a scan of the environment's spans in
// the query's time range, filtered in each table (so only the spans that pass reach the
// join), read as a set of trace ids or of 64-bit span keys that the query's rows are
// checked against. The rows are read in a subquery of their own, with the query's own
// filters, and checked outside it: on ClickHouse the sets are then built once where the
// statement starts, over every shard, rather than on each shard over its own spans (the
// datasets are sharded at random), and without GLOBAL IN, which 18.16 loses track of when
// a statement holds several.
//
// Why not precompute: a root name written on every span at ingest would save one filtered
// read per prefix, but a root span usually ends, and so arrives, after its children, so the
// stored children would need rewriting; a per-trace summary table would need the same on
// every late span. bench/relational.ts measures these statements against hand-written
// joins on the same tables (within about 2x at 200,000 spans on a shared machine); should
// the 10M run miss the 2x, a root-name column filled on commit is the next step.
import type { DatasetTable, FieldType } from '../dataset-schema.ts';
import { TIMESTAMP_COLUMN } from '../dataset-schema.ts';
import { predicateExpr } from '../predicate-sql.ts';
import { tableColumn, timeWithin } from '../scan-sql.ts';
import type { Expr, FromNode, QueryNode } from '../sql/sql-node.ts';
import {
  and,
  as,
  caseWhen,
  derived,
  eq,
  fn,
  id,
  inList,
  isNotNull,
  isNull,
  joinOne,
  lit,
  NULL,
  op,
  or,
  parens,
  select,
  star,
  table,
  typedNull,
  unionAll,
  val,
} from '../sql/sql-build.ts';
import type { RelatedGroupColumn, RelationalPlan } from './relational-plan.ts';
import type { TraceColumns, TraceScope } from './relational-fields.ts';
import type { PredicateNode } from '../query-plan.ts';
import { structureCondition } from './structure.ts';

export interface RelatedRows {
  /** What the table's scan reads instead of the table: its rows in the window that pass `own`, with the grouped-by related columns where there are any. */
  from: FromNode;
  /** What the rows of `from` must pass besides the query's own filters (undefined: nothing). */
  where: Expr | undefined;
  /** The expression of a relational plan key, or undefined for a key of the table's own. */
  column(key: string): Expr | undefined;
}

export interface Window {
  startUs: number;
  endUs: number;
}

/** A 64-bit key of a span within its trace; NULL without an id. Joins and sets on it stay cheap (as the flows' joins do). */
export const spanKey = (trace: Expr, span: Expr): Expr => caseWhen([[or(isNull(trace), isNull(span)), NULL]], fn('hash', trace, span));

const FALSE = eq(lit(1), lit(0));
const SQL_TYPES: Partial<Record<FieldType, 'text' | 'bigint' | 'double'>> = { string: 'text', integer: 'bigint', float: 'double' };

/** The spans of a table: events with trace and span ids that are not span events, links or log records. */
export function isSpan(table: DatasetTable, ids: TraceColumns): Expr {
  const has = (column: string | undefined): column is string => column !== undefined && table.columns.has(column);
  return and(
    isNotNull(id(ids.trace)),
    isNotNull(id(ids.span)),
    ...(has(ids.annotation) ? [isNull(id(ids.annotation))] : []),
    ...(has(ids.signal) ? [parens(or(isNull(id(ids.signal)), op('<>', id(ids.signal), val('log'))))] : []),
  );
}

/** The environment's spans in the window that pass `where`, as the columns `columns` makes of each table. */
export function spansWhere(scope: TraceScope, window: Window, columns: (table: DatasetTable) => Expr[], where: (table: DatasetTable) => Expr[]): QueryNode {
  return unionAll(
    scope.tables.map((source) =>
      select({
        columns: columns(source),
        from: table(source.table),
        where: and(timeWithin(window.startUs, window.endUs), isSpan(source, scope.ids), ...where(source)),
      }),
    ),
  );
}

/** The filter on a span of `table`, its columns read there (NULL where the table lacks one). */
const holds = (filter: PredicateNode) => (source: DatasetTable) => [predicateExpr(filter, tableColumn(source))];

export function relatedRows(source: DatasetTable, plan: RelationalPlan, window: Window, own: readonly Expr[] = []): RelatedRows {
  const { ids } = plan.scope;
  const has = (column: string | undefined): column is string => column !== undefined && source.columns.has(column);
  const trace = has(ids.trace) ? id(ids.trace) : undefined;
  const parentKey = trace && has(ids.parent) ? spanKey(trace, id(ids.parent)) : undefined;
  const traceIds = (where: (table: DatasetTable) => Expr[]) => spansWhere(plan.scope, window, () => [as(id(ids.trace), 'tid')], where);
  const rootOnly = (table: DatasetTable) => (table.columns.has(ids.parent ?? '') ? [isNull(id(ids.parent!))] : []);

  const conditions = plan.conditions.map(({ relation, filter }): Expr => {
    if (!trace) return FALSE;
    switch (relation) {
      case 'root':
        return inList(
          trace,
          traceIds((t) => [...rootOnly(t), ...holds(filter)(t)]),
        );
      case 'parent':
        return parentKey
          ? inList(
              parentKey,
              spansWhere(plan.scope, window, () => [as(spanKey(id(ids.trace), id(ids.span)), 'k')], holds(filter)),
            )
          : FALSE;
      case 'any':
        return inList(trace, traceIds(holds(filter)));
      case 'none':
        return and(isNotNull(trace), inList(trace, traceIds(holds(filter)), true));
    }
  });

  // Structural conditions hold for spans only: their relatives are found by the row's own span key and its parent's.
  if (plan.structure.length > 0) {
    const key = trace && has(ids.span) ? spanKey(trace, id(ids.span)) : undefined;
    conditions.push(
      ...(key ? [isSpan(source, ids), ...plan.structure.map((entry) => structureCondition(entry, plan.scope, window, key, parentKey))] : [FALSE]),
    );
  }

  const aliases = new Map(plan.columns.map((c, i) => [c.key, `rel${i}`]));
  const roots = plan.columns.filter((c) => c.relation === 'root');
  const parents = plan.columns.filter((c) => c.relation === 'parent');
  const typedColumn = (c: RelatedGroupColumn) => (t: DatasetTable) =>
    t.columns.has(c.column) ? id(c.column) : SQL_TYPES[c.type] ? typedNull(SQL_TYPES[c.type]!, id(TIMESTAMP_COLUMN)) : NULL;
  /** Each related span's columns, one row per key (the least value where a trace has several roots or a span id repeats). */
  const related = (key: Expr, keyName: string, columns: RelatedGroupColumn[], where: (table: DatasetTable) => Expr[]) =>
    select({
      columns: [id(keyName), ...columns.map((c) => as(fn('min', id(`v_${aliases.get(c.key)}`)), aliases.get(c.key)!))],
      from: derived(
        spansWhere(plan.scope, window, (t) => [as(key, keyName), ...columns.map((c) => as(typedColumn(c)(t), `v_${aliases.get(c.key)}`))], where),
        'spans',
      ),
      groupBy: [id(keyName)],
    });

  let from: FromNode = derived(select({ columns: [star()], from: table(source.table), where: and(timeWithin(window.startUs, window.endUs), ...own) }), 'rows');
  const joined = new Set<string>();
  if (trace && roots.length > 0) {
    // Joined on the trace id's own column name, the same in every table of the environment.
    from = derived(
      select({ columns: [star()], from, joins: [joinOne(derived(related(id(ids.trace), ids.trace, roots, rootOnly), 'roots'), [ids.trace], 'left')] }),
      'with_roots',
    );
    roots.forEach((c) => joined.add(c.key));
  }
  if (parentKey && parents.length > 0) {
    const keyed = derived(select({ columns: [star(), as(parentKey, 'parent_key')], from }), 'keyed');
    const parentRows = related(spanKey(id(ids.trace), id(ids.span)), 'parent_key', parents, () => []);
    from = derived(select({ columns: [star()], from: keyed, joins: [joinOne(derived(parentRows, 'parents'), ['parent_key'], 'left')] }), 'with_parents');
    parents.forEach((c) => joined.add(c.key));
  }
  return {
    from,
    where: conditions.length > 0 ? and(...conditions) : undefined,
    column: (key) => {
      const alias = aliases.get(key);
      if (alias === undefined) return undefined;
      return joined.has(key) ? id(alias) : NULL;
    },
  };
}
