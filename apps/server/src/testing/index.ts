// The server's testing entry (`@flashlight/server/testing`): what tests outside the server
// need to run against a real one, and the planted datasets whose answers they check.
export { startTempServer, startTempServerOn, startMemoryServer, ENGINES } from './temp-server.ts';
export type { TempServer } from './temp-server.ts';
export { spawnServer, FLASHLIGHT_CLI } from './server-process.ts';
export type { ServerProcess } from './server-process.ts';
export { readEvents } from '../store/read-events.ts';
export { TestClock } from '../clock/test-clock.ts';
export { openMemoryStore } from '../store/memory/index.ts';
export { buildTrace } from '../traces/trace-tree.ts';
export type { TraceEvent } from '../traces/trace-tree.ts';
export { sendPlantedShop } from '../flows/testing/planted-shop.ts';
export type { PlantedShop } from '../flows/testing/planted-shop.ts';
export { ERROR_USER, SLOW_REGION, knownDifferenceEvents } from '../bubbleup/test-fixtures/known-differences.ts';

// The engine's parts that benchmarks (bench/) and tests outside the server drive directly,
// each measured against a baseline in the same process.
export { createLogger } from '../logger.ts';
export type { Logger } from '../logger.ts';
export { seededRandom } from '../hardening/seeded-random.ts';
export type { Random } from '../hardening/seeded-random.ts';
export { startClickHouse } from './clickhouse-server.ts';
export type { ClickHouseNode } from './clickhouse-server.ts';
export { decodeTraces } from '../ingest/otlp/index.ts';
export { openStore } from '../store/open-store.ts';
export { openDuckDbStore, DATABASE_FILE, STAGING_FILE } from '../store/duckdb/index.ts';
export { openClickHouseStore } from '../store/clickhouse/index.ts';
export { ClickHouseHttp } from '../store/clickhouse/clickhouse-http.ts';
export { resultRows } from '../store/clickhouse/result-values.ts';
export { COLUMN_TYPES, DAY_PARTITION } from '../store/clickhouse/clickhouse-nodes.ts';
export { DATASETS_TABLE } from '../store/clickhouse/catalog-tables.ts';
export { createCatalogTables, EDGE_TOTALS_TABLE } from '../store/duckdb/catalog-tables.ts';
export { runQuery } from '../query/run-query.ts';
export { runBubbleUp } from '../bubbleup/run-bubbleup.ts';
export type { BubbleUpResult } from '../bubbleup/run-bubbleup.ts';
export { getTrace, TRACE_ID_FIELD } from '../traces/get-trace.ts';
export { comparePeers } from '../traces/compare-peers.ts';
export { buildServiceMap, liveServiceMap } from '../flows/service-map.ts';
export type { MapStore, ServiceMap } from '../flows/service-map.ts';
export { rollMinutes, rollUp, type RollupStore } from '../flows/edge-rollup.ts';
export { GRAINS } from '../flows/edge-rollup-read.ts';
export type { FlowScope } from '../flows/flow-scope.ts';
export { AlertStore, newAlertItemId } from '../alerts/alert-store.ts';
export type { StoredAlertItem } from '../alerts/alert-store.ts';
export { AlertScheduler } from '../alerts/alert-scheduler.ts';
export { Notifier } from '../alerts/notifier.ts';
export { openWatcherRig } from '../watcher/testing/watcher-rig.ts';
export type { WatcherRig } from '../watcher/testing/watcher-rig.ts';
export { causeOf, ENDPOINTS, type Plant, type PlantKind, type Traffic } from '../watcher/testing/planted-changes.ts';
