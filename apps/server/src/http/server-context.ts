// What every route handler gets: the store, the parsed configuration, the logger, the
// memory budget that ingest requests share, and the control plane (API keys, audit log).
import type { Store } from '../store/store.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { IngestBudget } from './ingest-budget.ts';
import type { ControlStore } from '../control/control-store.ts';
import type { KeyRing } from '../auth/key-ring.ts';

export interface ServerContext {
  store: Store;
  config: ServerConfig;
  log: Logger;
  ingestBudget: IngestBudget;
  control: ControlStore;
  keys: KeyRing;
}
