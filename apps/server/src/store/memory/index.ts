// The memory engine of the Store: DuckDB in memory, for tests.
export { openMemoryStore, MEMORY_DATABASE } from './memory-store.ts';
export type { MemoryStoreOptions } from './memory-store.ts';
