// Commits in flight side by side on several writer connections, with schema changes
// among them: an append resolves only once its events are committed (a fresh connection
// already reads them), and after closing and reopening every event is there exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WideEvent } from '../../events/wide-event.ts';
import { createLogger } from '../../logger.ts';
import { openDuckDbStore, type DuckDbStore } from './index.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const open = (dataDir: string) => openDuckDbStore({ dataDir, maxColumnsPerDataset: 1000, maxPendingEvents: 100_000, log: createLogger({ quiet: true }) });

const DATASETS = ['api', 'web', 'worker'];
const BATCH = 50;

/** Batch `n` of a sender: numbered events, and now and then a new field, first integer then float. */
function batchOf(sender: number, n: number): { dataset: string; first: number; events: WideEvent[] } {
  const first = (sender * 100 + n) * BATCH;
  const events = Array.from({ length: BATCH }, (_, i) => ({
    timeUs: 1_750_000_000_000_000 + first + i,
    sampleRate: 1,
    fields: {
      seq: first + i,
      'trace.trace_id': `trace-${sender}-${n}`,
      [`extra_${Math.floor(n / 4)}`]: n % 4 >= 2 ? i + 0.5 : i,
    },
  }));
  return { dataset: DATASETS[sender % DATASETS.length], first, events };
}

/** Committed events of the dataset with seq in [first, first + BATCH), read on a fresh connection. */
async function committedCount(store: DuckDbStore, dataset: string, first: number): Promise<number> {
  const target = (await store.target('prod', [dataset]))!;
  const seq = target.fields.get('seq')!.column;
  const [row] = await store.query(`SELECT count(*) AS n FROM ${target.tables[0].table} WHERE ${seq} BETWEEN $1 AND $2`, [first, first + BATCH - 1]);
  return Number(row.n);
}

describe('concurrent commits', () => {
  it('acknowledges only committed events, and keeps every one exactly once across a reopen', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-store-concurrent-'));
    dirs.push(dataDir);
    const store = await open(dataDir);
    const acknowledged: number[] = [];
    const seenAtAck: number[] = [];
    try {
      const sender = async (s: number) => {
        for (let n = 0; n < 12; n++) {
          const { dataset, first, events } = batchOf(s, n);
          const result = await store.append({ environment: 'prod', dataset, events });
          expect(result.stored).toBe(BATCH);
          seenAtAck.push(await committedCount(store, dataset, first));
          acknowledged.push(...events.map((e) => e.fields.seq as number));
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, s) => sender(s)));
    } finally {
      await store.close();
    }
    expect(
      seenAtAck.every((n) => n === BATCH),
      'every acknowledged batch was already committed',
    ).toBe(true);

    const reopened = await open(dataDir);
    try {
      const stored: number[] = [];
      for (const dataset of DATASETS) {
        const target = (await reopened.target('prod', [dataset]))!;
        const rows = await reopened.query(`SELECT ${target.fields.get('seq')!.column} AS seq FROM ${target.tables[0].table}`, []);
        stored.push(...rows.map((r) => r.seq as number));
        // The widened fields are floats in the catalog and in the table alike.
        expect(target.fields.get('extra_0')!.type).toBe('float');
      }
      expect(new Set(stored).size, 'no event is stored twice').toBe(stored.length);
      expect(stored.sort((a, b) => a - b)).toEqual(acknowledged.sort((a, b) => a - b));
    } finally {
      await reopened.close();
    }
  });
});
