// Retention on DuckDB: a store opened with a window deletes older events and their trace
// index rows, and keeps the rest.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { readEvents } from '../read-events.ts';
import { openDuckDbStore } from './index.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

it('deletes events older than the window, with their trace index rows, and keeps newer ones', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-retention-'));
  dirs.push(dataDir);
  const log = createLogger({ quiet: true });
  const nowUs = Date.now() * 1000;
  const hour = 3600e6;
  const writer = await openDuckDbStore({ dataDir, maxColumnsPerDataset: 100, maxPendingEvents: 1000, log });
  await writer.append({
    environment: 'default',
    dataset: 'api',
    events: [
      { timeUs: nowUs - 50 * hour, sampleRate: 1, fields: { 'trace.trace_id': 'old', n: 1 } },
      { timeUs: nowUs - 49 * hour, sampleRate: 1, fields: { 'trace.trace_id': 'old', n: 2 } },
      { timeUs: nowUs - 1 * hour, sampleRate: 1, fields: { 'trace.trace_id': 'new', n: 3 } },
    ],
  });
  await writer.close();

  const store = await openDuckDbStore({ dataDir, maxColumnsPerDataset: 100, maxPendingEvents: 1000, retentionMs: 24 * 3600e3, log });
  try {
    // Retention runs at start, on its own connection; wait for it to have happened.
    await expect.poll(async () => (await readEvents(store, 'default', 'api')).map((e) => e.fields.n)).toEqual([3]);
    expect(await store.findTrace('default', 'old')).toEqual([]);
    expect(await store.findTrace('default', 'new')).toHaveLength(1);
  } finally {
    await store.close();
  }
});
