// What every route handler gets: the store, the parsed configuration, the logger, and
// the memory budget that ingest requests share.
import type { Store } from '../store/store.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { IngestBudget } from './ingest-budget.ts';

export interface ServerContext {
  store: Store;
  config: ServerConfig;
  log: Logger;
  ingestBudget: IngestBudget;
}
