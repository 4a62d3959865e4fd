// What every route handler gets: the store, the parsed configuration, the logger, the
// server's one memory limit and the share of it that ingest requests hold, the control plane (API keys, audit log), and
// the server's metrics.
import type { Store } from './store/store.ts';
import type { ServerConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { IngestBudget } from './ingest/ingest-budget.ts';
import type { MemoryBudget } from './hardening/memory-budget.ts';
import type { ControlStore } from './control/control-store.ts';
import type { KeyRing } from './auth/key-ring.ts';
import type { ServerMetrics } from './self/server-metrics.ts';
import type { KeyRateLimits } from './auth/key-rate-limits.ts';
import type { IngestPipeline } from './ingest/ingest-pipeline.ts';
import type { Clock } from './clock/clock.ts';
import type { DerivedColumnStore } from './derived/derived-column-store.ts';

export interface ServerContext {
  store: Store;
  config: ServerConfig;
  log: Logger;
  /** The one memory limit: reserve from it before holding data in proportion to input. */
  memory: MemoryBudget;
  ingestBudget: IngestBudget;
  control: ControlStore;
  keys: KeyRing;
  /** Each key's request and event rates, one set of buckets for every transport. */
  limits: KeyRateLimits;
  /** The one way events come in, whichever transport carries them. */
  ingest: IngestPipeline;
  /** This server's operational metrics, served at /metrics. */
  metrics: ServerMetrics;
  /** Now, for every time-based feature: the system's, or a test's. */
  clock: Clock;
  /** Derived columns saved per dataset; `store.target` already carries them to every query. */
  derivedColumns: DerivedColumnStore;
}
