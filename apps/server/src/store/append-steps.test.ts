import { describe, expect, it } from 'vitest';
import type { DatasetBatch } from '../events/wide-event.ts';
import type { AppendResult, Store } from './store.ts';
import { withAppendSteps, type AppendStep } from './append-steps.ts';

const batch: DatasetBatch = { environment: 'prod', dataset: 'orders', events: [] } as unknown as DatasetBatch;

function fakeStore(log: string[]): Store {
  return {
    engine: 'duckdb',
    edgeTotals: { table: 'totals', environments: async () => ['prod'] },
    append: async () => {
      log.push('commit');
      return { stored: 0, warnings: [] };
    },
    datasets: async (environment) => [{ name: environment, createdAt: new Date(0), lastEventAt: null }],
    columns: async () => [],
    target: async () => null,
    query: async (sql, params) => [{ sql, params }],
    findTrace: async () => [],
    findTraces: async () => [],
    close: async () => {
      log.push('close');
    },
  };
}

const step =
  (name: string, log: string[]): AppendStep =>
  async (b, commit): Promise<AppendResult> => {
    log.push(`${name} before`);
    const result = await commit(b);
    log.push(`${name} after`);
    return result;
  };

describe('withAppendSteps', () => {
  it('runs the steps around each commit, the first outermost', async () => {
    const log: string[] = [];
    const store = withAppendSteps(fakeStore(log), [step('metrics', log), step('ledger', log)]);
    await store.append(batch);
    expect(log).toEqual(['metrics before', 'ledger before', 'commit', 'ledger after', 'metrics after']);
  });

  it('passes every other member through, capabilities included', async () => {
    const log: string[] = [];
    const store = withAppendSteps(fakeStore(log), []);
    expect(store.engine).toBe('duckdb');
    expect(await store.edgeTotals?.environments()).toEqual(['prod']);
    expect(await store.datasets('prod')).toEqual([{ name: 'prod', createdAt: new Date(0), lastEventAt: null }]);
    expect(await store.query('q', [1])).toEqual([{ sql: 'q', params: [1] }]);
    await store.close();
    expect(log).toEqual(['close']);
  });
});
