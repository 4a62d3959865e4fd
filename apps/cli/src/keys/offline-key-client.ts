// Keys in a stopped server's data directory (`keys --data`): this works on the server's
// own files, so it opens the control store through the server's public entry, loaded only
// when asked for; the keys come back as the API shows them.
import type { ApiKey } from '@flashlight/api';
import type { ApiKeyView } from '@flashlight/server';
import type { KeyClient } from './key-client.ts';

const ACTOR = 'cli (offline)';

export async function offlineKeyClient(dataDir: string): Promise<KeyClient> {
  const { KeyRing, openDuckDbControlStore } = await import('@flashlight/server');
  const control = await openDuckDbControlStore(dataDir);
  const ring = await KeyRing.load(control);
  return {
    create: async (input) => {
      const { key, text } = await ring.create(input, ACTOR);
      return { key: shown(key), text };
    },
    list: async () => ring.list().map(shown),
    revoke: async (id) => {
      const revoked = await ring.revoke(id, ACTOR);
      return revoked && shown(revoked);
    },
    close: () => control.close(),
  };
}

/** The key as the API would show it: times as ISO text. */
function shown(key: ApiKeyView): ApiKey {
  return { ...key, createdAt: key.createdAt.toISOString(), revokedAt: key.revokedAt?.toISOString() ?? null };
}
