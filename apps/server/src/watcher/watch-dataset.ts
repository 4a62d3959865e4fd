// One dataset's part of an evaluation: its entry points' and vendors' windows read, each
// compared with its own trailing baseline (frozen at the start of a change still open, so
// a long incident never becomes its own baseline) and with yesterday; new values of the
// watched fields it has. Answers the changes seen and the places evaluated.
import type { Store } from '../store/store.ts';
import { detectChanges, KIND_OF, type WindowStats } from './detect-change.ts';
import { MIN_NEW_VALUE_EVENTS, newValues, WATCHED_FIELDS } from './new-values.ts';
import { READ_STATEMENTS, readEntityWindows, readFieldValues, WINDOW_SECONDS, type EntityKind } from './watch-queries.ts';
import { placeKey, type Observation, type OpenFinding } from './merge-findings.ts';
import { asPool, isQuiet, pooledWindows } from './pool-windows.ts';

/** Windows in the trailing baseline. */
export const BASELINE_WINDOWS = 30;
/** A baseline stays frozen at most this long: a change that lasts longer is the new normal. */
export const MAX_FROZEN_SECONDS = 2 * 3600;
/** Yesterday's numbers are read for a window this wide around the same time, and kept as long. */
const YESTERDAY_SECONDS = 10 * 60;
const DAY = 86400;
/** Values of a field a day may hold for it to be watched for new ones. */
const SEED_VALUES = 500;
/** Values of a field read per window. */
const WINDOW_VALUES = 50;

/** Windows read again each evaluation: events that arrived late land in them. */
const REREAD_WINDOWS = 2;

/** What the watcher remembers of a dataset between evaluations. */
export interface DatasetMemory {
  /** Windows read so far per entity kind (entity → window start → stats), from `from` on: each evaluation reads only the newest. */
  windows: Map<EntityKind, { from: number; entities: Map<string, Map<number, WindowStats>> }>;
  /** Values seen per watched field; absent until seeded; null when the field is not low-cardinality. */
  seen: Map<string, Set<string> | null>;
  /** Yesterday's numbers per entity kind, and the window they were read for. */
  yesterday: Map<EntityKind, { from: number; windows: Map<string, WindowStats> }>;
}

export const newDatasetMemory = (): DatasetMemory => ({ windows: new Map(), seen: new Map(), yesterday: new Map() });

const empty = (start: number): WindowStats => ({ start, count: 0, events: 0, errors: 0, p50: null, p95: null, p99: null });

export interface DatasetResult {
  observations: Observation[];
  evaluated: string[];
  /** Statements run (each QuerySpec is one, or two for a heatmap): the evaluation's cost. */
  queries: number;
}

/** Per minute, from a wider window's totals: counts scale down, percentiles stay. */
const perWindow = (w: WindowStats, windows: number): WindowStats => ({
  ...w,
  count: w.count / windows,
  events: w.events / windows,
  errors: w.errors / windows,
});

async function yesterdayOf(store: Store, environment: string, dataset: string, kind: EntityKind, current: number, memory: DatasetMemory, now: Date) {
  const cached = memory.yesterday.get(kind);
  if (cached && current - cached.from < YESTERDAY_SECONDS) return { windows: cached.windows, queries: 0 };
  const from = current - DAY - YESTERDAY_SECONDS / 2;
  const read = await readEntityWindows(store, environment, dataset, kind, { start: from, end: from + YESTERDAY_SECONDS, granular: false }, now);
  const windows = new Map([...read].map(([name, w]) => [name, perWindow([...w.values()][0], YESTERDAY_SECONDS / WINDOW_SECONDS)]));
  memory.yesterday.set(kind, { from: current, windows });
  return { windows, queries: READ_STATEMENTS[kind] };
}

/** Each entity's windows from `start` through `current`: what memory holds, and the newest windows read. */
async function windowsOf(
  store: Store,
  environment: string,
  dataset: string,
  kind: EntityKind,
  start: number,
  current: number,
  memory: DatasetMemory,
  now: Date,
) {
  const held = memory.windows.get(kind);
  const from = held && held.from <= start ? Math.max(start, current - REREAD_WINDOWS * WINDOW_SECONDS) : start;
  const read = await readEntityWindows(store, environment, dataset, kind, { start: from, end: current + WINDOW_SECONDS, granular: true }, now);
  const entities = held && held.from <= start ? held.entities : new Map<string, Map<number, WindowStats>>();
  for (const [name, windows] of entities) {
    for (const at of windows.keys()) if (at < start || at >= from) windows.delete(at);
    if (windows.size === 0) entities.delete(name);
  }
  for (const [name, windows] of read) {
    const into = entities.get(name) ?? new Map<number, WindowStats>();
    for (const [at, w] of windows) into.set(at, w);
    entities.set(name, into);
  }
  memory.windows.set(kind, { from: start, entities });
  return entities;
}

export async function watchDataset(
  store: Store,
  environment: string,
  dataset: string,
  current: number,
  open: readonly OpenFinding[],
  memory: DatasetMemory,
  now: Date,
): Promise<DatasetResult> {
  const result: DatasetResult = { observations: [], evaluated: [], queries: 0 };
  // Where a change is still open, its place's baseline ends where the change began.
  const frozen = new Map<string, number>();
  for (const { finding } of open) {
    for (const c of finding.changes) {
      if (c.dataset !== dataset || c.recovered_at !== null || c.kind === 'new_value') continue;
      const key = placeKey(c);
      frozen.set(key, Math.max(current - MAX_FROZEN_SECONDS, Math.min(frozen.get(key) ?? current, c.since)));
    }
  }
  const rangeStart = Math.min(current, ...frozen.values()) - BASELINE_WINDOWS * WINDOW_SECONDS;
  for (const kind of ['entry_point', 'vendor'] as const) {
    const entities = await windowsOf(store, environment, dataset, kind, rangeStart, current, memory, now);
    result.queries += READ_STATEMENTS[kind];
    if (entities.size === 0) continue;
    const yesterday = await yesterdayOf(store, environment, dataset, kind, current, memory, now);
    result.queries += yesterday.queries;
    for (const [name, windows] of entities) {
      const place = { dataset, place: kind, name } as const;
      const key = placeKey(place);
      const baselineEnd = frozen.get(key) ?? current;
      // Quiet windows count as zero, but only from the entity's first events on: a new endpoint has no past yet.
      const first = Math.min(...windows.keys());
      const starts = Array.from({ length: BASELINE_WINDOWS }, (_, i) => baselineEnd - (BASELINE_WINDOWS - i) * WINDOW_SECONDS).filter(
        (start) => start >= first,
      );
      const trailing = starts.map((start) => windows.get(start) ?? empty(start));
      const before = yesterday.windows.get(name) ?? null;
      result.evaluated.push(key);
      const changes = detectChanges(windows.get(current) ?? empty(current), trailing, before);
      if (isQuiet(trailing)) {
        const pools = pooledWindows(windows, current, starts, baselineEnd, first);
        for (const change of detectChanges(pools.current, pools.trailing, before && asPool(before)))
          if (!changes.some((c) => c.metric === change.metric)) changes.push(change);
      }
      for (const change of changes) {
        result.observations.push({
          ...place,
          kind: KIND_OF[change.metric],
          metric: change.metric,
          direction: change.direction,
          baseline: change.baseline,
          current: change.current,
          score: change.score,
          field: null,
          value: null,
          since: current,
        });
      }
    }
  }
  result.queries += await watchNewValues(store, environment, dataset, current, memory, now, result.observations);
  return result;
}

async function watchNewValues(store: Store, environment: string, dataset: string, current: number, memory: DatasetMemory, now: Date, into: Observation[]) {
  let queries = 0;
  const columns = new Set((await store.columns(environment, dataset)).map((c) => c.name));
  for (const field of WATCHED_FIELDS) {
    if (!columns.has(field) || memory.seen.get(field) === null) continue;
    let seen = memory.seen.get(field);
    if (!seen) {
      const day = await readFieldValues(store, environment, dataset, field, { start: current - DAY, end: current }, SEED_VALUES, now);
      queries++;
      seen = day && day.size < SEED_VALUES ? new Set(day.keys()) : null;
      memory.seen.set(field, seen);
      if (!seen) continue;
    }
    const window = await readFieldValues(store, environment, dataset, field, { start: current, end: current + WINDOW_SECONDS }, WINDOW_VALUES, now);
    queries++;
    if (!window) continue;
    const sightings = [...window].map(([value, events]) => ({ value, events }));
    for (const sighting of newValues(seen, sightings)) {
      into.push({
        dataset,
        place: 'dataset',
        name: null,
        kind: 'new_value',
        metric: 'new_value',
        direction: 'new',
        baseline: null,
        current: sighting.events,
        score: null,
        field,
        value: sighting.value,
        since: current,
      });
    }
    // Values with evidence join what is known; a value seen once stays new until it has some.
    for (const sighting of sightings) if (sighting.events >= MIN_NEW_VALUE_EVENTS || seen.size === 0) seen.add(sighting.value);
    if (seen.size >= SEED_VALUES) memory.seen.set(field, null);
  }
  return queries;
}
