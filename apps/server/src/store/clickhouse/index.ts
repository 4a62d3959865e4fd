// The ClickHouse engine of the Store: one node or a sharded cluster.
export { openClickHouseStore } from './clickhouse-store.ts';
export type { ClickHouseStoreOptions } from './clickhouse-store.ts';
export { dropExpiredPartitions } from './retention.ts';
