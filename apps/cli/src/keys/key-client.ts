// What `flashlight keys` needs of the key store, whether it is behind a running server
// (the HTTP contract) or in a stopped server's data directory (the server's public entry).
import type { ApiKey, NewApiKey } from '@flashlight/api';

export interface KeyClient {
  create(input: NewApiKey): Promise<{ key: ApiKey; text: string }>;
  list(): Promise<ApiKey[]>;
  revoke(id: string): Promise<ApiKey | null>;
  close(): Promise<void>;
}
