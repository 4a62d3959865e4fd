// Answers a QuerySpec over one dataset (or all of them) of an environment: resolves the
// tables and fields, validates and compiles for the store's engine (on ClickHouse a
// heatmap's range is measured by a statement of its own first), runs, shapes.
import {
  ALL_DATASETS,
  compilePrepared,
  compileRangeQuery,
  planQuery,
  prepareQuery,
  shapeQueryResult,
  validateQuery,
  type QueryResult,
  type QueryTarget,
} from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { dialectForEngine } from './dialect-for-engine.ts';
import { latestEvents } from './latest-events.ts';
import { traceResults } from './trace-results.ts';

export class UnknownDatasetError extends Error {
  constructor(readonly dataset: string) {
    super(dataset === ALL_DATASETS ? 'this environment has no datasets yet' : `no dataset ${JSON.stringify(dataset)}`);
    this.name = 'UnknownDatasetError';
  }
}

/**
 * Raw events mode: a spec with nothing to calculate and nothing to group by answers with
 * the matching events themselves, newest first (up to `limit`), each row an event's
 * fields plus its `timestamp`. (Honeycomb's API would count them; a COUNT is one
 * calculation away, while the events behind an aggregate are what drilling down needs.)
 */
export function isRawEventsSpec(spec: unknown): boolean {
  if (spec === null || typeof spec !== 'object') return false;
  const { calculations, breakdowns, per } = spec as { calculations?: unknown; breakdowns?: unknown; per?: unknown };
  const empty = (list: unknown) => list === undefined || (Array.isArray(list) && list.length === 0);
  // A per query without calculations or breakdowns counts the entities.
  return per === undefined && empty(calculations) && empty(breakdowns);
}

const isTraceResultsSpec = (spec: unknown) => spec !== null && typeof spec === 'object' && (spec as { results?: unknown }).results === 'traces';

/** Throws QueryError for a bad spec and UnknownDatasetError for a dataset with no table. */
export async function runQuery(store: Store, environment: string, dataset: string, spec: unknown, now?: Date): Promise<QueryResult> {
  const target = await queryTarget(store, environment, dataset);
  if (isTraceResultsSpec(spec)) return traceResults(store, prepareQuery(spec, target, { dataset, now }));
  if (isRawEventsSpec(spec)) return listEvents(store, target, dataset, spec, now);
  const dialect = dialectForEngine(store.engine);
  // Prepared once, so both statements cover the same rows: the range is measured over them, then they are binned.
  const prepared = prepareQuery(spec, target, { dataset, now });
  const range = compileRangeQuery(prepared, dialect);
  const measuredRanges = range ? (await store.query(range.sql, range.params))[0] : undefined;
  const compiled = compilePrepared(prepared, dialect, measuredRanges);
  const rows = await store.query(compiled.sql, compiled.params);
  return shapeQueryResult(rows, compiled.layout);
}

/** The dataset's tables and fields, with every table of the environment where relational fields look for a span's trace. */
async function queryTarget(store: Store, environment: string, dataset: string): Promise<QueryTarget> {
  const target = await store.target(environment, dataset === ALL_DATASETS ? ALL_DATASETS : [dataset]);
  if (!target || target.tables.length === 0) throw new UnknownDatasetError(dataset);
  const traces = dataset === ALL_DATASETS ? target : await store.target(environment, ALL_DATASETS);
  return traces ? { ...target, traces } : target;
}

async function listEvents(store: Store, target: QueryTarget, dataset: string, spec: unknown, now?: Date): Promise<QueryResult> {
  const query = validateQuery(spec, target, { dataset, now });
  const plan = planQuery(query, target.tables);
  const events = await latestEvents(store, target, plan, plan.filter, query.limit);
  return {
    data: {
      series: [],
      results: events.map((event) => ({ data: { timestamp: new Date(event.time).toISOString(), ...event.fields } })),
    },
  };
}
