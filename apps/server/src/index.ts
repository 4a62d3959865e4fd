// The server's public surface, for the CLI and for tests that run a real server.
export { startServer } from './server.ts';
export type { RunningServer } from './server.ts';
export { parseServerConfig, ConfigError, envVarName, flagName, ServerConfigSchema } from './config.ts';
export type { ServerConfig, ServerConfigInput } from './config.ts';
export type { Store, AppendResult, ColumnInfo, DatasetInfo, TraceLocation } from './store/store.ts';
export type { WideEvent, FieldValue, DatasetBatch } from './events/wide-event.ts';
export { openDuckDbControlStore } from './store/duckdb/index.ts';
export { KeyRing } from './auth/key-ring.ts';
export type { ApiKeyView } from './auth/key-ring.ts';
export { runDoctor } from './doctor/run-doctor.ts';
