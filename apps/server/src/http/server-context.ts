// What every route handler gets: the store, the parsed configuration and the logger.
import type { Store } from '../store/store.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../logger.ts';

export interface ServerContext {
  store: Store;
  config: ServerConfig;
  log: Logger;
}
