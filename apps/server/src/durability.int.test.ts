// A 2xx means durable: the server is killed with SIGKILL while clients are still
// writing, right after it acknowledged a batch; after a restart every acknowledged event
// is there, exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from './testing/server-process.ts';
import { postAcknowledged } from './testing/acknowledged-batch.ts';
import { startServer } from './server.ts';
import { readEvents } from './store/read-events.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function postBatch(url: string, first: number, size: number): Promise<boolean> {
  const items = Array.from({ length: size }, (_, i) => ({ data: { seq: first + i, route: `/r/${(first + i) % 17}`, v: Math.random() } }));
  return postAcknowledged(url, 'durable', items);
}

describe('durability', () => {
  it('keeps every acknowledged event when the server is killed with SIGKILL', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-kill-'));
    dirs.push(dataDir);
    const acknowledged = new Set<number>();
    let next = 0;

    for (let cycle = 0; cycle < 3; cycle++) {
      const server = await spawnServer(dataDir);
      let killed = false;
      // A few group commits a cycle are what the claim needs (the WAL stays far below a
      // checkpoint however many there are): more only make the test longer.
      const killAfter = 6 + cycle * 4;
      let acks = 0;
      const writer = async () => {
        while (!killed) {
          const first = next;
          next += 200;
          if (await postBatch(server.url, first, 200)) {
            for (let i = 0; i < 200; i++) acknowledged.add(first + i);
            if (++acks >= killAfter && !killed) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          }
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      await server.exited;
    }

    const reopened = await startServer({ port: 0, dataDir, quiet: true }, { env: {} });
    try {
      const stored = await readEvents(reopened.store, 'default', 'durable');
      const seqs = stored.map((e) => e.fields.seq as number);
      const unique = new Set(seqs);
      expect(unique.size, 'no event is stored twice').toBe(seqs.length);
      const lost = [...acknowledged].filter((s) => !unique.has(s));
      expect(lost, 'acknowledged events missing after SIGKILL').toEqual([]);
      expect(acknowledged.size).toBeGreaterThanOrEqual(200 * (6 + 10 + 14));
    } finally {
      await reopened.close();
    }
  });
});
