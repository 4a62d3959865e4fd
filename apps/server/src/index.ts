// The server's public surface, for the CLI and for tests that run a real server.
export { startServer } from './server.ts';
export type { RunningServer } from './server.ts';
export { parseServerConfig, ConfigError, envVarName } from './config.ts';
export type { ServerConfig, ServerConfigInput } from './config.ts';
export type { Store, AppendResult, ColumnInfo, DatasetInfo, TraceLocation } from './store/store.ts';
export type { WideEvent, FieldValue, DatasetBatch } from './events/wide-event.ts';
export { openDuckDbControlStore, CONTROL_FILE } from './control/duckdb-control-store.ts';
export { ControlStoreLockedError } from './control/control-store.ts';
export type { ControlStore, StoredApiKey, AuditEntry } from './control/control-store.ts';
export { KeyRing, NewApiKeySchema } from './auth/key-ring.ts';
export type { ApiKeyView, NewApiKey } from './auth/key-ring.ts';
export { KEY_KINDS } from './auth/key-kind.ts';
export type { KeyKind } from './auth/key-kind.ts';
export { runDoctor } from './doctor/run-doctor.ts';
export type { Finding } from './doctor/finding.ts';
