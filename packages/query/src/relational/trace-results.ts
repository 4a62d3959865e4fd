// Traces instead of events (`results: traces`): the newest traces with an event that
// matches the query, each summarised from its spans in the query's window (root name and
// service, duration, span and error counts) with the ids of its matching spans. Three
// statements, each a small read: the traces, then their matching spans and their summaries,
// both narrowed to those traces' ids.
import type { DatasetTable } from '../dataset-schema.ts';
import { TIMESTAMP_COLUMN } from '../dataset-schema.ts';
import type { QueryPlan } from '../query-plan.ts';
import type { QuerySpec } from '../query-spec.ts';
import { QueryError } from '../query-error.ts';
import { scanQuery } from '../scan-sql.ts';
import type { Expr, QueryNode } from '../sql/sql-node.ts';
import { and, as, by, caseWhen, derived, desc, eq, fn, id, inList, isNotNull, isNull, lit, op, or, select, typedNull, val } from '../sql/sql-build.ts';
import { spansWhere } from './trace-spans.ts';
import type { RelationalPlan } from './relational-plan.ts';

/** Most matching span ids listed per trace. */
export const MAX_MATCHING_SPANS = 100;
/** The error status of an OTLP span (`status_code`). */
const STATUS_CODE_ERROR = 2;

/** Refuses what trace results cannot answer; true when the spec asks for them. */
export function checkTraceResults(spec: QuerySpec): boolean {
  if (spec.results !== 'traces') return false;
  for (const key of ['calculations', 'breakdowns', 'havings', 'orders'] as const) {
    if (spec[key].length > 0) throw new QueryError(key, `results: "traces" answers with traces, newest first, so it takes no ${key}`);
  }
  return true;
}

/** The plan's matching rows as g0 (trace id), g1 (span id) and bucket (the event's µs). */
function matchingRows(plan: QueryPlan, relational: RelationalPlan): QueryNode {
  const { ids } = relational.scope;
  return scanQuery({ ...plan, groups: [ids.trace, ids.span], measures: [], aggregates: [], bucketUs: 1, bucketOriginUs: 0 });
}

const [g0, g1, bucket] = ['g0', 'g1', 'bucket'].map((name) => id(name));

/** The newest `plan.limit` traces with a matching event: `tid` and `last` (µs of its newest matching event). */
export function matchingTracesStatement(plan: QueryPlan): QueryNode {
  const relational = plan.relational!;
  return select({
    columns: [as(g0, 'tid'), as(fn('max', bucket), 'last')],
    from: derived(matchingRows(plan, relational), 'matching'),
    where: isNotNull(g0),
    groupBy: [g0],
    orderBy: [desc(id('last')), by(id('tid'))],
    limit: val(plan.limit),
  });
}

/** The matching spans of the traces: `tid`, `sid`, earliest first, up to MAX_MATCHING_SPANS a trace. */
export function matchingSpansStatement(plan: QueryPlan, traceIds: readonly string[]): QueryNode {
  const relational = plan.relational!;
  return select({
    columns: [as(g0, 'tid'), as(g1, 'sid')],
    from: derived(matchingRows(plan, relational), 'matching'),
    where: and(isNotNull(g1), inList(g0, traceIds.map(val))),
    orderBy: [by(g0), by(bucket), by(g1)],
    limitBy: { limit: val(MAX_MATCHING_SPANS), by: [g0] },
  });
}

/**
 * Each trace's summary from its spans in the window: `tid`, `spans`, `errors`, `first` and
 * `last_end` (µs), `root_name`, `root_service` (the least, where a trace has several roots).
 */
export function traceSummaryStatement(plan: QueryPlan, traceIds: readonly string[]): QueryNode {
  const { scope } = plan.relational!;
  const { ids } = scope;
  const read = (table: DatasetTable, column: string | undefined, type: 'text' | 'double'): Expr =>
    column !== undefined && table.columns.has(column) ? (type === 'double' ? fn('toDouble', id(column)) : id(column)) : typedNull(type, id(TIMESTAMP_COLUMN));
  const isRoot = (table: DatasetTable) => (ids.parent !== undefined && table.columns.has(ids.parent) ? isNull(id(ids.parent)) : eq(lit(1), lit(1)));
  const failed = (table: DatasetTable): Expr => {
    const signs = [
      ...(ids.error !== undefined && table.columns.has(ids.error) ? [eq(id(ids.error), val(true))] : []),
      ...(ids.status !== undefined && table.columns.has(ids.status) ? [eq(id(ids.status), val(STATUS_CODE_ERROR))] : []),
    ];
    return signs.length === 0 ? lit(0) : caseWhen([[or(...signs), lit(1)]], lit(0));
  };
  const spans = spansWhere(
    scope,
    plan,
    (table) => [
      as(id(ids.trace), 'tid'),
      as(fn('epochMicros', id(TIMESTAMP_COLUMN)), 't'),
      as(fn('coalesce', read(table, ids.duration, 'double'), lit(0)), 'dur'),
      as(failed(table), 'err'),
      as(caseWhen([[isRoot(table), read(table, ids.name, 'text')]]), 'rname'),
      as(caseWhen([[isRoot(table), read(table, ids.service, 'text')]]), 'rservice'),
    ],
    () => [inList(id(ids.trace), traceIds.map(val))],
  );
  const [t, dur] = [id('t'), id('dur')];
  return select({
    columns: [
      id('tid'),
      as(fn('count', lit(1)), 'spans'),
      as(fn('sum', id('err')), 'errors'),
      as(fn('min', t), 'first'),
      as(fn('max', op('+', fn('toDouble', t), op('*', dur, lit(1000)))), 'last_end'),
      as(fn('min', id('rname')), 'root_name'),
      as(fn('min', id('rservice')), 'root_service'),
    ],
    from: derived(spans, 'spans'),
    groupBy: [id('tid')],
  });
}
