// A large upload refused before its body is read (here by the key's rate limit) gets its
// 429 and Retry-After once the body has arrived, not a connection reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerWithKeys, type IssuedKey } from './server-with-keys.ts';
import type { TempServer } from '../testing/temp-server.ts';

let server: TempServer;
let key: IssuedKey;
beforeAll(async () => {
  ({ server, keys: [key] } = await startServerWithKeys([{ name: 'uploader', kind: 'ingest', environment: 'prod' }], { keyRequestsPerSecond: 0.01 }));
});
afterAll(async () => server.dispose());

describe('refused uploads', () => {
  it('answer 429 with Retry-After after the body has arrived, several times over', async () => {
    const body = JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ data: { i, text: 'x'.repeat(100) } })));
    const send = () => fetch(`${server.url}/1/batch/uploads`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-honeycomb-team': key.text }, body });
    expect((await send()).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1);
    }
  });
});
