// The plan of a `per` block: its query over the events, planned as any query is, whose
// groups are an entity's breakdowns and whose aggregates are its columns.
import type { DatasetTable } from '../dataset-schema.ts';
import { planQuery, type QueryPlan } from '../query-plan.ts';
import type { ValidPer } from './validate-per.ts';

export interface PerPlan {
  /**
   * The events' plan. Its buckets are one microsecond long from the epoch, so each scanned
   * row's bucket is its time and an entity's first is the least.
   */
  readonly events: QueryPlan;
}

export function planPer(per: ValidPer, tables: readonly DatasetTable[]): PerPlan {
  return { events: { ...planQuery(per.query, tables), bucketUs: 1, bucketOriginUs: 0 } };
}
