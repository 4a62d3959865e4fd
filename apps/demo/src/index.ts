// The demo shop's public surface, for the CLI and the end-to-end tests.
export { startDemo } from './launch/start-demo.ts';
export type { DemoOptions, RunningDemo } from './launch/start-demo.ts';
export { INCIDENTS, isIncident, STOREFRONT_BUILD, ORDERS_VERSION, ENTERPRISE_TEAM } from './incidents.ts';
export type { IncidentName } from './incidents.ts';
export { DEFAULT_BASE_PORT } from './topology.ts';
