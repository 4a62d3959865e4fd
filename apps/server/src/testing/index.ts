// The server's testing entry (`@flashlight/server/testing`): what tests outside the server
// need to run against a real one, and the planted datasets whose answers they check.
export { startTempServer, startTempServerOn, ENGINES } from './temp-server.ts';
export type { TempServer } from './temp-server.ts';
export { spawnServer } from './server-process.ts';
export type { ServerProcess } from './server-process.ts';
export { readEvents } from '../store/read-events.ts';
export { buildTrace } from '../traces/trace-tree.ts';
export type { TraceEvent } from '../traces/trace-tree.ts';
export { sendPlantedShop } from '../flows/testing/planted-shop.ts';
export type { PlantedShop } from '../flows/testing/planted-shop.ts';
export { ERROR_USER, SLOW_REGION, knownDifferenceEvents } from '../bubbleup/test-fixtures/known-differences.ts';
