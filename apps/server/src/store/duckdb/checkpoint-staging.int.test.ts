// While the main file checkpoints, commits go to the staging file: they are acknowledged
// with the checkpoint still open, queries and trace lookups read them at once, and once
// the round ends every row is in the main file exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LAST_SEEN_STEP_MS } from '../commit-plan.ts';
import type { WideEvent } from '../../events/wide-event.ts';
import { createLogger } from '../../logger.ts';
import { openDuckDbStore, type DuckDbStore } from './index.ts';
import type { DuckDbStoreOptions } from './duckdb-store.ts';
import { STAGING_DATABASE } from './staging-file.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const open = (dataDir: string, checkpointMainFile?: DuckDbStoreOptions['checkpointMainFile']) =>
  openDuckDbStore({ dataDir, maxColumnsPerDataset: 1000, maxPendingEvents: 100_000, log: createLogger({ quiet: true }), checkpointMainFile });

const BATCH = 100;
const DATASETS = ['api', 'web'];

function batch(n: number, extra: WideEvent['fields'] = {}): { environment: string; dataset: string; events: WideEvent[] } {
  const events = Array.from({ length: BATCH }, (_, i) => ({
    timeUs: 1_750_000_000_000_000 + n * BATCH + i,
    sampleRate: 1,
    fields: { seq: n * BATCH + i, name: `span ${i % 7}`, 'trace.trace_id': `trace-${n}`, ...extra },
  }));
  return { environment: 'prod', dataset: DATASETS[n % DATASETS.length], events };
}

/** Every seq stored, over both datasets. */
async function storedSeqs(store: DuckDbStore): Promise<number[]> {
  const seqs: number[] = [];
  for (const dataset of DATASETS) {
    const target = (await store.target('prod', [dataset]))!;
    const rows = await store.query(`SELECT ${target.fields.get('seq')!.column} AS seq FROM ${target.tables[0].table}`, []);
    seqs.push(...rows.map((r) => Number(r.seq)));
  }
  return seqs.sort((a, b) => a - b);
}

/** Each dataset's last event time and each column's last-seen time, as the store reports them. */
async function seenTimes(store: DuckDbStore): Promise<string[]> {
  const times: string[] = [];
  for (const dataset of await store.datasets('prod')) {
    times.push(`${dataset.name} ${dataset.lastEventAt?.toISOString()}`);
    for (const column of await store.columns('prod', dataset.name)) times.push(`${dataset.name}.${column.name} ${column.lastSeen.toISOString()}`);
  }
  return times.sort();
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('commits during a checkpoint', () => {
  it('are acknowledged while the main file checkpoints, read at once, and stored once after', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-staging-'));
    dirs.push(dataDir);
    const lastSeen: string[] = [];
    let started!: () => void;
    const checkpointStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The checkpoint of the main file runs, and the round lasts until the test releases it.
    const store = await open(dataDir, async (connection) => {
      const checkpoint = connection.run('CHECKPOINT');
      started();
      await released;
      await checkpoint;
    });
    try {
      for (const n of [0, 1]) await store.append(batch(n));
      const round = store.checkpoint();
      await checkpointStarted;
      // Commits a step after the last ones move last-seen times: those are held during the round.
      const created = Math.max(...(await store.datasets('prod')).map((d) => d.lastEventAt!.getTime()));
      await vi.waitUntil(() => Date.now() >= created + LAST_SEEN_STEP_MS, { timeout: 5_000, interval: 50 });

      // Side by side, as a fleet sends them; each resolves only once committed.
      const results = await Promise.all([2, 3, 4, 5, 6, 7].map((n) => store.append(batch(n))));
      expect(results.map((r) => r.stored)).toEqual(Array(6).fill(BATCH));
      expect(await storedSeqs(store)).toEqual(range(8 * BATCH));
      const table = (await store.target('prod', ['web']))!.tables[0].table;
      const [staged] = await store.query(`SELECT count(*) AS n FROM ${STAGING_DATABASE}.main.${table}`, []);
      expect(Number(staged.n), 'the rows went to the staging file').toBe(3 * BATCH);
      expect((await store.findTrace('prod', 'trace-7')).map((t) => t.dataset)).toEqual(['web']);
      const heldBack = await seenTimes(store);
      // A new field changes the schema in the main file: it waits for the round to end.
      const widening = store.append(batch(8, { 'http.route': '/cart' }));

      release();
      await round;
      expect((await widening).stored).toBe(BATCH);
      expect(await storedSeqs(store)).toEqual(range(9 * BATCH));
      expect((await store.columns('prod', 'api')).map((c) => c.name)).toContain('http.route');
      expect((await store.findTrace('prod', 'trace-7')).map((t) => t.dataset)).toEqual(['web']);
      // The next round starts from an empty staging file.
      await store.checkpoint();
      await store.append(batch(9));
      expect(await storedSeqs(store)).toEqual(range(10 * BATCH));
      lastSeen.push(...(await seenTimes(store)));
      expect(lastSeen.filter((t) => heldBack.includes(t)).length, 'times from the round are among those reopened').toBeGreaterThan(0);
    } finally {
      release();
      await store.close();
    }

    const reopened = await open(dataDir);
    try {
      expect(await storedSeqs(reopened)).toEqual(range(10 * BATCH));
      // Last-seen times held back during the round were written after it.
      expect(await seenTimes(reopened)).toEqual(lastSeen);
      expect((await reopened.findTrace('prod', 'trace-3')).map((t) => t.dataset)).toEqual(['web']);
    } finally {
      await reopened.close();
    }
  });
});
