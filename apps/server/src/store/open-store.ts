// Opens the engine the configuration names.
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from './store.ts';
import { openDuckDbStore } from './duckdb/index.ts';
import { openClickHouseStore } from './clickhouse/index.ts';
import { LOCK_WAIT_MS } from './data-dir/wait-for-lock.ts';
import { NewColumnBudget } from './new-column-budget.ts';
import { systemClock, type Clock } from '../clock/clock.ts';

export async function openStore(config: ServerConfig, log: Logger, clock: Clock = systemClock): Promise<Store> {
  const limits = {
    maxColumnsPerDataset: config.maxColumnsPerDataset,
    maxPendingEvents: config.maxPendingEvents,
    newColumns: new NewColumnBudget(config.newColumnsPerKeyPerDay, clock),
    log,
    clock,
  };
  if (config.store === 'clickhouse') {
    return openClickHouseStore({
      url: config.clickhouseUrl,
      cluster: config.clickhouseCluster,
      database: config.clickhouseDatabase,
      retentionMs: config.retention,
      queryTimeoutMs: config.queryTimeoutMs,
      ...limits,
    });
  }
  return openDuckDbStore({ dataDir: config.dataDir, retentionMs: config.retention, lockWaitMs: LOCK_WAIT_MS, memoryLimit: config.memoryLimit, ...limits });
}
