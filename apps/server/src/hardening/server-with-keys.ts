// A real server whose data directory already holds API keys, created offline as an
// operator would before the first start; for tests of what each key may do. On DuckDB, on
// the memory store (where the engine is not the point), or on a ClickHouse cluster of
// `shards` of its own (the keys live in the data directory either way).
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDuckDbControlStore } from '../store/duckdb/index.ts';
import type { NewApiKey } from '@flashlight/api';
import { KeyRing } from '../auth/key-ring.ts';
import { startMemoryServer, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import type { EngineName } from '../store/store.ts';
import type { ServerConfigInput } from '../config.ts';

export interface IssuedKey extends NewApiKey {
  id: string;
  text: string;
}

export async function startServerWithKeys(
  wanted: NewApiKey[],
  flags: ServerConfigInput = {},
  on: { engine: EngineName | 'memory'; shards?: 1 | 2 } = { engine: 'duckdb' },
): Promise<{ server: TempServer; keys: IssuedKey[] }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-keys-'));
  const control = await openDuckDbControlStore(dataDir);
  const keys: IssuedKey[] = [];
  try {
    const ring = await KeyRing.load(control);
    for (const input of wanted) {
      const { key, text } = await ring.create(input, 'test setup');
      keys.push({ ...input, id: key.id, text });
    }
  } finally {
    await control.close();
  }
  const server =
    on.engine === 'memory' ? await startMemoryServer({ ...flags, dataDir }) : await startTempServerOn(on.engine, { ...flags, dataDir }, { shards: on.shards });
  return { server, keys };
}
