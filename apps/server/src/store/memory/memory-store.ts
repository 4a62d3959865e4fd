// The memory Store, for tests of features that do not need a real engine's files: DuckDB
// in memory (`:memory:`) behind the same engine code as the file, so queries compiled for
// DuckDB run on it unchanged and it keeps every promise of the Store (committed means
// readable, overload, the catalog, retention) except one: nothing outlives the process.
// No data directory, no lock, no WAL and no fsync, so it opens and commits in a blink.
import { DuckDBInstance } from '@duckdb/node-api';
import type { Clock } from '../../clock/clock.ts';
import { createLogger, type Logger } from '../../logger.ts';
import type { NewColumnBudget } from '../new-column-budget.ts';
import { storeOn, type DuckDbStore } from '../duckdb/duckdb-store.ts';

export interface MemoryStoreOptions {
  maxColumnsPerDataset?: number;
  maxPendingEvents?: number;
  newColumns?: NewColumnBudget;
  retentionMs?: number;
  log?: Logger;
  clock?: Clock;
}

export const MEMORY_DATABASE = ':memory:';

export async function openMemoryStore(options: MemoryStoreOptions = {}): Promise<DuckDbStore> {
  // One thread: a test's data is small, and the machine runs other tests beside it.
  const instance = await DuckDBInstance.create(MEMORY_DATABASE, { threads: '1' });
  try {
    // Staging is in memory too: nothing is checkpointed to a file.
    return await storeOn(instance, MEMORY_DATABASE, MEMORY_DATABASE, {
      maxColumnsPerDataset: options.maxColumnsPerDataset ?? 1000,
      maxPendingEvents: options.maxPendingEvents ?? 100_000,
      newColumns: options.newColumns,
      retentionMs: options.retentionMs,
      log: options.log ?? createLogger({ quiet: true }),
      clock: options.clock,
    });
  } catch (error) {
    instance.closeSync();
    throw error;
  }
}
