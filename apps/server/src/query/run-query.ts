// Answers a QuerySpec over one dataset (or all of them) of an environment: resolves the
// tables and fields, validates and compiles for the store's engine, runs, shapes.
import { ALL_DATASETS, compileQuery, shapeQueryResult, type QueryResult } from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { dialectForEngine } from './dialect-for-engine.ts';

export class UnknownDatasetError extends Error {
  constructor(readonly dataset: string) {
    super(dataset === ALL_DATASETS ? 'this environment has no datasets yet' : `no dataset ${JSON.stringify(dataset)}`);
    this.name = 'UnknownDatasetError';
  }
}

/** Throws QueryError for a bad spec and UnknownDatasetError for a dataset with no table. */
export async function runQuery(store: Store, environment: string, dataset: string, spec: unknown, now?: Date): Promise<QueryResult> {
  const target = await store.target(environment, dataset === ALL_DATASETS ? ALL_DATASETS : [dataset]);
  if (!target || target.tables.length === 0) throw new UnknownDatasetError(dataset);
  const compiled = compileQuery(spec, target, dialectForEngine(store.engine), { dataset, now });
  const rows = await store.query(compiled.sql, compiled.params);
  return shapeQueryResult(rows, compiled.layout);
}
