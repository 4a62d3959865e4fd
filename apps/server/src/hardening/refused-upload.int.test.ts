// A slow upload refused before its body is read (here by the key's rate limit) gets its
// 429 and Retry-After once the body has arrived, not a broken pipe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerWithKeys, type IssuedKey } from './server-with-keys.ts';
import type { TempServer } from '../testing/temp-server.ts';

let server: TempServer;
let key: IssuedKey;
beforeAll(async () => {
  ({
    server,
    keys: [key],
  } = await startServerWithKeys([{ name: 'uploader', kind: 'ingest', environment: 'prod' }], { keyRequestsPerSecond: 0.01 }, { engine: 'memory' }));
});
afterAll(async () => server.dispose());

/** A JSON batch sent in pieces over about `ms` milliseconds, as from a slow link. */
function slowBody(ms: number): ReadableStream<Uint8Array> {
  const pieces = ['[', ...Array.from({ length: 20 }, (_, i) => `${i ? ',' : ''}{"data":{"i":${i},"text":"${'x'.repeat(50_000)}"}}`), ']'];
  return new ReadableStream({
    async pull(controller) {
      const piece = pieces.shift();
      if (piece === undefined) return controller.close();
      await new Promise((resolve) => setTimeout(resolve, ms / 22));
      controller.enqueue(new TextEncoder().encode(piece));
    },
  });
}

describe('refused uploads', () => {
  it('answer 429 with Retry-After after a slow body has arrived', async () => {
    const send = (ms: number) =>
      fetch(`${server.url}/1/batch/uploads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-honeycomb-team': key.text },
        body: slowBody(ms),
        duplex: 'half',
      } as RequestInit);
    expect((await send(0)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const refused = await send(1500);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1);
    }
  });
});
