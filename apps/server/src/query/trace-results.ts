// Answers a query with traces (`results: traces`): the newest traces with a matching
// event, each with its summary and the ids of its matching spans, for the Traces view.
import {
  matchingSpansStatement,
  matchingTracesStatement,
  printSql,
  traceSummaryStatement,
  type PreparedQuery,
  type QueryResult,
  type TraceMatch,
} from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { dialectForEngine } from './dialect-for-engine.ts';

const number = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

export async function traceResults(store: Store, { plan }: PreparedQuery): Promise<QueryResult> {
  const dialect = dialectForEngine(store.engine);
  const run = async (statement: Parameters<typeof printSql>[0]) => {
    const { sql, params } = printSql(statement, dialect);
    return store.query(sql, params);
  };
  const found = await run(matchingTracesStatement(plan));
  const traceIds = found.map((row) => String(row.tid));
  if (traceIds.length === 0) return { data: { series: [], results: [], traces: [] } };
  const [spans, summaries] = await Promise.all([run(matchingSpansStatement(plan, traceIds)), run(traceSummaryStatement(plan, traceIds))]);
  const matching = new Map<string, Set<string>>();
  for (const row of spans) {
    const tid = String(row.tid);
    if (!matching.has(tid)) matching.set(tid, new Set());
    matching.get(tid)!.add(String(row.sid));
  }
  const summaryOf = new Map(summaries.map((row) => [String(row.tid), row]));
  const traces = found.map((row): TraceMatch => {
    const traceId = String(row.tid);
    // A trace matched only by events outside its spans' window (a log record) has no summary.
    const summary = summaryOf.get(traceId);
    const firstUs = summary ? number(summary.first) : number(row.last);
    return {
      traceId,
      rootName: text(summary?.root_name),
      rootService: text(summary?.root_service),
      startTime: new Date(firstUs / 1000).toISOString(),
      durationMs: summary ? Math.max(0, (number(summary.last_end) - firstUs) / 1000) : 0,
      spans: number(summary?.spans),
      errors: number(summary?.errors),
      matchingSpanIds: [...(matching.get(traceId) ?? [])],
    };
  });
  return { data: { series: [], results: [], traces } };
}
