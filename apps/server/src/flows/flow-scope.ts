// What a flow question (service map, vendor scorecards, gaps) reads: every dataset of the
// environment over a time range, and optionally a filter that selects whole traces.
import {
  ALL_DATASETS,
  planQuery,
  refuseRelational,
  validateQuery,
  type DatasetTable,
  type DerivedColumns,
  type FieldInfo,
  type PredicateNode,
} from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { tablesWithTraces } from './span-scan.ts';

export interface FlowScope {
  environment: string;
  /** The tables that hold trace ids (see tablesWithTraces). */
  tables: readonly DatasetTable[];
  fields: ReadonlyMap<string, FieldInfo>;
  /** Inclusive start and exclusive end, µs since the epoch. */
  startUs: number;
  endUs: number;
  /** When set, only spans in these parts of the range are read (µs, start inclusive). */
  windows?: readonly { startUs: number; endUs: number }[];
  /** Spans matching it select their traces; every span of a selected trace counts. */
  traceFilter: PredicateNode | null;
  /** The derived columns the trace filter reads, by their plan keys. */
  derived?: DerivedColumns;
  /** When the question is asked, µs: what of the range lies after it has not happened yet. */
  nowUs: number;
}

/** The time range and filters of a flow request, in QuerySpec syntax. */
export interface FlowRequest {
  time_range?: number;
  start_time?: number;
  end_time?: number;
  filters?: unknown[];
  filter_combination?: 'AND' | 'OR';
}

/** Throws QueryError for a bad range or filter. An environment without data has no tables. */
export async function resolveFlowScope(store: Store, environment: string, request: FlowRequest, now = new Date()): Promise<FlowScope> {
  const target = (await store.target(environment, ALL_DATASETS)) ?? { tables: [], fields: new Map() };
  const { time_range, start_time, end_time, filters, filter_combination } = request;
  // Only the time range and filters of a QuerySpec apply here; the rest would be ignored silently.
  const spec = { time_range, start_time, end_time, filters: filters ?? [], filter_combination: filter_combination ?? 'AND' };
  const query = validateQuery(spec, target, { dataset: ALL_DATASETS, now });
  refuseRelational(query, 'flows');
  const plan = planQuery(query, target.tables);
  return {
    environment,
    tables: tablesWithTraces(plan.tables, target.fields),
    fields: target.fields,
    startUs: plan.startUs,
    endUs: plan.endUs,
    traceFilter: plan.filter,
    derived: plan.derived,
    nowUs: now.getTime() * 1000,
  };
}
