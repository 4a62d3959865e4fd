// What every route handler gets: the store, the parsed configuration, the logger, the
// memory budget that ingest requests share, the control plane (API keys, audit log), and
// the server's metrics.
import type { Store } from '../store/store.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { IngestBudget } from './ingest-budget.ts';
import type { ControlStore } from '../control/control-store.ts';
import type { KeyRing } from '../auth/key-ring.ts';
import type { ServerMetrics } from '../self/server-metrics.ts';

export interface ServerContext {
  store: Store;
  config: ServerConfig;
  log: Logger;
  ingestBudget: IngestBudget;
  control: ControlStore;
  keys: KeyRing;
  /** This server's operational metrics, served at /metrics. */
  metrics: ServerMetrics;
}
