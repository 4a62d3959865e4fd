// The embedded DuckDB engine of the Store, and of the control store.
export { openDuckDbStore, DATABASE_FILE } from './duckdb-store.ts';
export { STAGING_FILE } from './staging-file.ts';
export type { DuckDbStore, DuckDbStoreOptions } from './duckdb-store.ts';
export { openDuckDbControlStore, CONTROL_FILE } from './control-store.ts';
export { examineStoreFile } from './catalog-integrity.ts';
export type { BrokenRule, StoreFileState } from './catalog-integrity.ts';
