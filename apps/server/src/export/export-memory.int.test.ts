// An export of a wide dataset (20,000 events over 1,000 columns in the soak, 4,000 in
// `npm test`) from a `flashlight
// serve` child on each engine, with the default memory limit (1 GiB) and the heap cap the
// limit asks for: every event comes once, in time order, and the server's RSS, sampled all
// along, stays under the limit. Gathering the export, or reading it in pages of a fixed
// number of events whatever their width (5,000 × 1,000 cells), takes GiBs.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClickHouseDatabase } from '../testing/clickhouse-database.ts';
import { ENGINES } from '../testing/temp-server.ts';
import { spawnLimitedServer } from '../hardening/limited-server.ts';
import { rssOf } from '../hardening/process-usage.ts';
import { soakOr } from '../hardening/soak.ts';

/** 20,000 in the soak; fewer in `npm test`, where ingesting them would take minutes. */
const EVENTS = soakOr(4000, 20_000);
const COLUMNS = 1000;
/** The default. */
const MEMORY_LIMIT = 1024 ** 3;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

// ClickHouse widens a table over a two-shard cluster one ALTER at a time: ingesting the
// dataset takes minutes there, so that engine runs in the soak.
describe.each(soakOr(['duckdb'] as const, ENGINES))('a wide export on %s', (engine) => {
  it(`streams ${EVENTS} events over ${COLUMNS} columns with RSS under the memory limit`, { timeout: 300_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-wide-export-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let args: string[] = [];
    if (engine === 'clickhouse') {
      const clickhouse = await createClickHouseDatabase({ shards: 2 });
      cleanups.push(() => clickhouse.drop());
      args = ['--store', 'clickhouse', '--clickhouse-url', clickhouse.urls, '--clickhouse-cluster', clickhouse.cluster!, '--clickhouse-database', clickhouse.database];
    }
    // One key fills the whole dataset here: its daily budget of new columns is lifted.
    const server = await spawnLimitedServer(dataDir, MEMORY_LIMIT, [...args, '--new-columns-per-key-per-day', String(COLUMNS)]);
    cleanups.push(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
    });

    // Ten events share each millisecond, so pages end inside runs of equal timestamps;
    // every column of the pool is filled within the first hundred events, sent 20 at a
    // time because one request may add at most 250 new columns.
    const startMs = Date.now() - 3_600_000;
    const batchSize = (first: number) => (first < 100 ? 20 : 2000);
    for (let first = 0; first < EVENTS; first += batchSize(first)) {
      const batch = Array.from({ length: Math.min(batchSize(first), EVENTS - first) }, (_, j) => {
        const i = first + j;
        const data: Record<string, unknown> = { n: i, 'http.route': `/products/${i % 50}` };
        for (let k = 0; k < 12; k++) data[`attr.${(i * 12 + k) % (COLUMNS - 10)}`] = `value ${i}.${k}`;
        return { time: new Date(startMs + Math.floor(i / 10)).toISOString(), data };
      });
      const body = JSON.stringify(batch);
      // A polite sender: a batch refused while the server is busy widening the table is sent again.
      for (let attempt = 0; ; attempt++) {
        const response = await fetch(`${server.url}/1/batch/wide`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (response.status === 200) break;
        expect(response.status, await response.text()).toBe(429);
        expect(attempt, 'a refused batch is taken within a few retries').toBeLessThan(30);
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after')) * 1000));
      }
    }
    const columns = (await (await fetch(`${server.url}/api/v1/datasets/wide/columns`)).json()) as unknown[];
    expect(columns.length).toBeGreaterThanOrEqual(COLUMNS - 8);

    let peakRss = rssOf(server.child.pid!);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(server.child.pid!))), 50);
    const response = await fetch(`${server.url}/api/v1/export?dataset=wide&time_range=7200`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-flashlight-total-events')).toBe(String(EVENTS));
    const decoder = new TextDecoder();
    let rest = '';
    let expected = 0;
    let previousTime = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        const event = JSON.parse(line) as { time: string; data: Record<string, unknown> };
        expect(event.time >= previousTime, 'oldest first').toBe(true);
        previousTime = event.time;
        // Within a millisecond the order is the engine's: count each event once instead.
        expected += Number(event.data.n);
      }
    }
    clearInterval(sampler);
    expect(expected, 'every event once').toBe(((EVENTS - 1) * EVENTS) / 2);
    console.log(`wide export on ${engine}: peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MiB under a ${MEMORY_LIMIT / 1024 ** 2} MiB limit`);
    expect(peakRss).toBeLessThan(MEMORY_LIMIT);
  });
});
