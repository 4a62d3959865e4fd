// The embedded DuckDB engine of the Store.
export { openDuckDbStore, DATABASE_FILE } from './duckdb-store.ts';
export type { DuckDbStore, DuckDbStoreOptions } from './duckdb-store.ts';
