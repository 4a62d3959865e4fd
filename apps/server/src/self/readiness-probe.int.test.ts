// /readyz on each engine: the event store's read is printed in its engine's SQL, and the
// control store's probe row is written and read back.
import { afterAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';

const servers: TempServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.dispose())));

describe.each(ENGINES)('/readyz on %s', (engine) => {
  test('is ready, every probe passing, twice in a row', async () => {
    const server = await startTempServerOn(engine, {}, { shards: 2 });
    servers.push(server);
    for (let probe = 0; probe < 2; probe++) {
      const response = await fetch(`${server.url}/readyz`);
      const body = (await response.json()) as { ready: boolean; checks: { name: string; ok: boolean }[] };
      expect(body.checks.filter((c) => !c.ok)).toEqual([]);
      expect(body.checks.map((c) => c.name)).toEqual(['data directory accepts a new file', 'control store writes and reads', 'event store reads']);
      expect(response.status).toBe(200);
    }
  });
});
