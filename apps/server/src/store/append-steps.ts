// Behaviour added around the store's commits (metrics, the change ledger) as plain steps,
// composed in one place (server.ts): each sees a batch and calls the commit, and every
// other member of the Store passes through by name (passThrough).
import type { DatasetBatch } from '../events/wide-event.ts';
import type { AppendResult, Store } from './store.ts';

type Append = (batch: DatasetBatch) => Promise<AppendResult>;

/** One step around a commit: it calls `commit` once and answers what it answered. */
export type AppendStep = (batch: DatasetBatch, commit: Append) => Promise<AppendResult>;

/** The store whose appends pass through the steps, the first outermost. */
export function withAppendSteps(store: Store, steps: readonly AppendStep[]): Store {
  const append = steps.reduceRight<Append>(
    (commit, step) => (batch) => step(batch, commit),
    (batch) => store.append(batch),
  );
  return { ...passThrough(store), append };
}

/**
 * Every member of the store, passed through by name: a plain object that composition
 * (append steps, derived columns on targets) spreads and overrides a member of.
 */
export function passThrough(store: Store): Store {
  return {
    engine: store.engine,
    edgeTotals: store.edgeTotals,
    append: (batch) => store.append(batch),
    datasets: (environment) => store.datasets(environment),
    columns: (environment, dataset) => store.columns(environment, dataset),
    target: (environment, datasets) => store.target(environment, datasets),
    query: (sql, params) => store.query(sql, params),
    findTrace: (environment, traceId) => store.findTrace(environment, traceId),
    findTraces: (environment, traceIds) => store.findTraces(environment, traceIds),
    close: () => store.close(),
  };
}
