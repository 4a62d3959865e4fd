// What the watcher reads each minute, per dataset: a bounded set of QuerySpecs run by the
// query engine (so both engines, derived columns and sample rates come for free). Entry
// points (by name: a trace's roots, and the server and consumer spans where a trace enters
// a service) and wrapped vendor calls (`vendor.name`), per one-minute window: weighted
// count, traces behind it, failures and P50/P95/P99 latency.
import { QueryError, calculationName, type QuerySpecInput } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runQuery, UnknownDatasetError } from '../query/run-query.ts';
import type { WindowStats } from './detect-change.ts';

export const WINDOW_SECONDS = 60;
/** Entry points and vendors per dataset watched at most: the busiest. */
export const MAX_ENTITIES = 50;

export type EntityKind = 'entry_point' | 'vendor';

/** Something whose numbers are watched: an entry point of a dataset, or a vendor its spans call. */
export interface Entity {
  dataset: string;
  kind: EntityKind;
  name: string;
}

type Filter = NonNullable<QuerySpecInput['filters']>[number];

/** The events that are an entity's, and the filter that selects its failures. */
export interface EntityScope {
  field: 'name' | 'vendor.name';
  filters: Filter[];
  /** The filter list selecting failed events, in order of preference (the first the dataset has). */
  failed: Filter[][];
}

const FAILED: Filter[] = [{ column: 'error', op: '=', value: true }];

/**
 * The scopes whose events are an entity of each kind. Entry points are the service map's
 * entries into a service (flows/service-map.ts): a trace's roots, and the server and
 * consumer spans under a parent, which by OpenTelemetry's span kinds is the caller's client
 * or producer span in another service. A service that only ever answers calls (every request
 * starts in a browser) has no roots, and is watched by its server spans.
 */
export const SCOPES: Record<EntityKind, readonly EntityScope[]> = {
  entry_point: [
    {
      field: 'name',
      filters: [
        { column: 'trace.parent_id', op: 'does-not-exist' },
        { column: 'name', op: 'exists' },
      ],
      failed: [FAILED],
    },
    {
      field: 'name',
      filters: [
        { column: 'trace.parent_id', op: 'exists' },
        { column: 'span.kind', op: 'in', value: ['server', 'consumer'] },
        { column: 'name', op: 'exists' },
      ],
      failed: [FAILED],
    },
  ],
  vendor: [
    {
      field: 'vendor.name',
      filters: [{ column: 'vendor.name', op: 'exists' }],
      // A vendor call that fell back served a default: as failed as an error, to its caller.
      failed: [[{ column: 'vendor.outcome', op: '!=', value: 'ok' }], FAILED],
    },
  ],
};

/** Statements one read of an entity kind's windows runs. */
export const READ_STATEMENTS: Record<EntityKind, number> = { entry_point: 2 * SCOPES.entry_point.length, vendor: 2 * SCOPES.vendor.length };

/**
 * The filters selecting one entity's events in [start, end): those of the first scope
 * that has events under its name there (a name is a root's or a service's entry, rarely both).
 */
export async function entityFilters(store: Store, environment: string, entity: Entity, range: { start: number; end: number }, now: Date): Promise<Filter[]> {
  const scopes = SCOPES[entity.kind].map((scope) => [...scope.filters, { column: scope.field, op: '=', value: entity.name } as Filter]);
  for (const filters of scopes.slice(0, -1)) {
    const found = await rows(
      store,
      environment,
      entity.dataset,
      { calculations: [{ op: 'COUNT' }], filters, start_time: range.start, end_time: range.end },
      now,
    );
    if (num(found?.data.results[0]?.data.COUNT) > 0) return filters;
  }
  return scopes[scopes.length - 1];
}

const TRACES = { op: 'COUNT_DISTINCT', column: 'trace.trace_id' } as const;
const LATENCY = (['P50', 'P95', 'P99'] as const).map((op) => ({ op, column: 'duration_ms' }));

/** Rows of a spec; null when the dataset lacks a field it names (or has no table yet). */
async function rows(store: Store, environment: string, dataset: string, spec: QuerySpecInput, now: Date) {
  try {
    return await runQuery(store, environment, dataset, spec, now);
  } catch (error) {
    if (error instanceof QueryError || error instanceof UnknownDatasetError) return null;
    throw error;
  }
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const numOrNull = (v: unknown) => (typeof v === 'number' ? v : null);

/**
 * Each entity's windows in [start, end) (unix seconds, whole minutes), keyed by window
 * start; windows without events are absent. With `granular` false, one window for the range.
 */
export async function readEntityWindows(
  store: Store,
  environment: string,
  dataset: string,
  kind: EntityKind,
  range: { start: number; end: number; granular: boolean },
  now: Date,
): Promise<Map<string, Map<number, WindowStats>>> {
  const entities = new Map<string, Map<number, WindowStats>>();
  for (const scope of SCOPES[kind]) {
    const read = await readScopeWindows(store, environment, dataset, scope, range, now);
    // A name both a root and a service's entry keeps the scope where it is busier.
    for (const [name, windows] of read) if (!entities.has(name) || eventsOf(windows) > eventsOf(entities.get(name)!)) entities.set(name, windows);
  }
  return entities;
}

const eventsOf = (windows: Map<number, WindowStats>) => [...windows.values()].reduce((sum, w) => sum + w.events, 0);

async function readScopeWindows(
  store: Store,
  environment: string,
  dataset: string,
  scope: EntityScope,
  range: { start: number; end: number; granular: boolean },
  now: Date,
): Promise<Map<string, Map<number, WindowStats>>> {
  const base: QuerySpecInput = {
    filters: scope.filters,
    breakdowns: [scope.field],
    orders: [{ op: 'COUNT', order: 'descending' }],
    limit: MAX_ENTITIES,
    start_time: range.start,
    end_time: range.end,
    ...(range.granular ? { granularity: WINDOW_SECONDS } : {}),
  };
  const all = await rows(store, environment, dataset, { ...base, calculations: [{ op: 'COUNT' }, TRACES, ...LATENCY] }, now);
  if (!all) return new Map();
  let failed = null;
  for (const filters of scope.failed) {
    failed = await rows(store, environment, dataset, { ...base, filters: [...scope.filters, ...filters], calculations: [{ op: 'COUNT' }] }, now);
    if (failed) break;
  }
  const points = (result: NonNullable<typeof all>) =>
    range.granular
      ? result.data.series.map((p) => ({ start: Date.parse(p.time) / 1000, data: p.data }))
      : result.data.results.map((r) => ({ start: range.start, data: r.data }));
  const errors = new Map((failed ? points(failed) : []).map((p) => [`${p.data[scope.field]}\u0000${p.start}`, num(p.data.COUNT)]));
  const entities = new Map<string, Map<number, WindowStats>>();
  for (const { start, data } of points(all)) {
    const name = data[scope.field];
    if (name === null || name === undefined) continue;
    let windows = entities.get(String(name));
    if (!windows) entities.set(String(name), (windows = new Map()));
    const count = num(data.COUNT);
    // Events without trace ids (plain events) count as themselves.
    const traces = num(data[calculationName(TRACES.op, TRACES.column)]);
    windows.set(start, {
      start,
      count,
      events: traces > 0 ? traces : count,
      errors: errors.get(`${name}\u0000${start}`) ?? 0,
      p50: numOrNull(data['P50(duration_ms)']),
      p95: numOrNull(data['P95(duration_ms)']),
      p99: numOrNull(data['P99(duration_ms)']),
    });
  }
  return entities;
}

/** A field's values in [start, end) with the events (traces where there are) showing each; null when the dataset lacks it. */
export async function readFieldValues(
  store: Store,
  environment: string,
  dataset: string,
  field: string,
  range: { start: number; end: number },
  limit: number,
  now: Date,
): Promise<Map<string, number> | null> {
  const result = await rows(
    store,
    environment,
    dataset,
    {
      calculations: [{ op: 'COUNT' }, TRACES],
      filters: [{ column: field, op: 'exists' }],
      breakdowns: [field],
      orders: [{ op: 'COUNT', order: 'descending' }],
      limit,
      start_time: range.start,
      end_time: range.end,
    },
    now,
  );
  if (!result) return null;
  return new Map(
    result.data.results.map((r) => {
      const traces = num(r.data[calculationName(TRACES.op, TRACES.column)]);
      return [String(r.data[field]), traces > 0 ? traces : num(r.data.COUNT)];
    }),
  );
}
