// The entity lens: one value of an identity field (a user, a team, a route) seen against
// everyone else: its key numbers beside those of the events with another value of the
// field (the entity itself left out, so a big entity does not pull "everyone" towards
// itself), its percentile rank among all entities, its latest events, and a BubbleUp of
// it versus everyone else.
import { ALL_DATASETS, DURATION_FIELD, planQuery, validateQuery, type Filter, type FieldInfo, type QueryResult } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runQuery, UnknownDatasetError } from '../query/run-query.ts';
import { runBubbleUp } from '../bubbleup/run-bubbleup.ts';
import { latestEvents } from '../query/latest-events.ts';
import { percentileRank, type EntityRank } from './entity-rank.ts';
import { EntityRequestSchema } from '@flashlight/api';
import type { EntityRequest, KeyNumbers, EntityLens } from '@flashlight/api';
export { EntityRequestSchema };
export type { EntityRequest, KeyNumbers, EntityLens };

/** The field whose `true` marks a failed request or span. */
export const ERROR_FIELD = 'error';
/** Entities ranked: the busiest ones, as many as one query returns. */
const RANKED_ENTITIES = 1000;
/** The level of the intervals that decide which entities have too few events to rank (isUncertain). */
const RANK_CONFIDENCE = 0.95;

type Spec = Record<string, unknown>;
const numberOf = (value: unknown) => (typeof value === 'number' ? value : null);
const firstRow = (result: QueryResult) => result.data.results[0]?.data ?? {};
const entityKey = (value: unknown) => JSON.stringify(value ?? null);

/** Throws QueryError for a bad field, value or filter and UnknownDatasetError for a dataset with no table. */
export async function runEntityLens(store: Store, environment: string, request: EntityRequest, now = new Date()): Promise<EntityLens> {
  const { dataset, field, value, filters, time_range, start_time, end_time, near_unique } = request;
  const target = await store.target(environment, dataset === ALL_DATASETS ? ALL_DATASETS : [dataset]);
  if (!target || target.tables.length === 0) throw new UnknownDatasetError(dataset);
  const time = { time_range, start_time, end_time };
  const itself: Filter = { column: field, op: '=', value };
  // Everyone else: events that carry the field with another value (events without it are no entity's).
  const others: Filter[] = [
    { column: field, op: 'exists' },
    { column: field, op: '!=', value },
  ];
  // Validates the field and value once, and fixes the window every part reads.
  const valid = validateQuery({ filters: [...filters, itself], ...time }, target, { dataset, now });
  const plan = planQuery(valid, target.tables);
  const seconds = (plan.endUs - plan.startUs) / 1e6;

  const known = (name: string, ok: (f: FieldInfo) => boolean) => {
    const info = target.fields.get(name);
    return info !== undefined && ok(info);
  };
  const hasDuration = known(DURATION_FIELD, (f) => f.type === 'integer' || f.type === 'float');
  const hasError = known(ERROR_FIELD, (f) => f.type === 'boolean');
  const calculations = [
    { op: 'COUNT' },
    ...(hasDuration
      ? [
          { op: 'P50', column: DURATION_FIELD },
          { op: 'P99', column: DURATION_FIELD },
        ]
      : []),
  ];
  const failed: Filter = { column: ERROR_FIELD, op: '=', value: true };
  const query = (spec: Spec) => runQuery(store, environment, dataset, { ...spec, ...time }, now);

  const keyNumbers = async (where: Filter[]): Promise<KeyNumbers> => {
    const [all, errors] = await Promise.all([
      query({ calculations, filters: where }),
      hasError ? query({ calculations: [{ op: 'COUNT' }], filters: [...where, failed] }) : null,
    ]);
    const row = firstRow(all);
    const count = numberOf(row.COUNT) ?? 0;
    const errorCount = errors ? (numberOf(firstRow(errors).COUNT) ?? 0) : null;
    return {
      count,
      rate: seconds > 0 ? count / seconds : 0,
      errorRate: errorCount === null || count === 0 ? null : errorCount / count,
      p50: numberOf(row[`P50(${DURATION_FIELD})`]),
      p99: numberOf(row[`P99(${DURATION_FIELD})`]),
    };
  };

  const ranks = async (entity: Promise<KeyNumbers>): Promise<EntityRank[]> => {
    const byEntity = { breakdowns: [field], orders: [{ op: 'COUNT', order: 'descending' }], limit: RANKED_ENTITIES };
    const [all, errors] = await Promise.all([
      // With intervals: an entity with too few events for its P99 is not ranked as if certain.
      query({ ...byEntity, calculations, filters, confidence: RANK_CONFIDENCE }),
      hasError ? query({ ...byEntity, calculations: [{ op: 'COUNT' }], filters: [...filters, failed] }) : null,
    ]);
    const counts = new Map(all.data.results.map((r) => [entityKey(r.data[field]), numberOf(r.data.COUNT) ?? 0]));
    const own = await entity;
    const self = entityKey(value);
    const result: EntityRank[] = [];
    if (hasDuration) {
      const by = `P99(${DURATION_FIELD})`;
      const unsure = (r: QueryResult['data']['results'][number]) => r.uncertain?.includes(by) ?? false;
      const p99 = new Map(all.data.results.map((r) => [entityKey(r.data[field]), unsure(r) ? null : numberOf(r.data[by])]));
      const ownUnsure = all.data.results.some((r) => entityKey(r.data[field]) === self && unsure(r));
      result.push(ownUnsure ? { ...percentileRank(by, null, p99, self), uncertain: true } : percentileRank(by, own.p99, p99, self));
    }
    if (errors) {
      const errorCounts = new Map(errors.data.results.map((r) => [entityKey(r.data[field]), numberOf(r.data.COUNT) ?? 0]));
      const rates = new Map([...counts].map(([key, count]) => [key, count > 0 ? (errorCounts.get(key) ?? 0) / count : null]));
      result.push(percentileRank('error rate', own.errorRate, rates, self));
    }
    return result;
  };

  const entity = keyNumbers([...filters, itself]);
  const [entityNumbers, everyoneElse, ranked, latest, bubbleUp] = await Promise.all([
    entity,
    keyNumbers([...filters, ...others]),
    ranks(entity),
    latestEvents(store, target, plan, plan.filter!),
    runBubbleUp(
      store,
      environment,
      dataset,
      { filters: [...filters, { column: field, op: 'exists' }], ...time },
      { filters: [itself] },
      { now, nearUnique: near_unique },
    ),
  ]);
  return { field, value, startTime: plan.startUs / 1e6, endTime: plan.endUs / 1e6, entity: entityNumbers, everyoneElse, ranks: ranked, latest, bubbleUp };
}
