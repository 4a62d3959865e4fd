// Overload: a `flashlight serve` child is offered five times the event rate it was
// measured to sustain. It must stay up with RSS under 1 GiB, answer every request with
// a 2xx or a 429/503 (Retry-After), keep answering queries, and lose nothing it
// acknowledged. 8 s in `npm test`: on a machine loaded twenty deep shedding began 2–4 s
// in (the backlog grows by four times what the store takes, and past the admission wait
// of 2 s it is shed); 60 s with `npm run soak`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../testing/server-process.ts';
import { startServer } from '../server.ts';
import { readEvents } from '../store/read-events.ts';
import { randomInt, seededRandom, type Random } from './seeded-random.ts';
import { seedFor, soakOr } from './soak.ts';
import { rssOf } from './process-usage.ts';

const OVERLOAD_SECONDS = soakOr(8, 60);
const CALIBRATION_SECONDS = 3;
const BATCH = 500;
const MAX_RSS_BYTES = 1024 ** 3;
const SERVER_HEAP_MIB = 512;
/** The client's own bound, so the test process does not become the thing that falls over. */
const MAX_OUTSTANDING = 400;

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Wide events, as instrumented services send: decoded, they take memory many times their JSON. */
const WIDE_FIELDS = Array.from({ length: 30 }, (_, k) => `"app.attr_${k}":"value ${k} of a wide event, with some text"`).join(',');

function batchBody(first: number, random: Random): string {
  const items: string[] = [];
  for (let seq = first; seq < first + BATCH; seq++) {
    items.push(
      `{"data":{"seq":${seq},"route":"/api/${seq % 23}","status":${200 + (seq % 5) * 100},"duration_ms":${randomInt(random, 1, 900)},"user.id":"u${seq % 9973}",${WIDE_FIELDS}}}`,
    );
  }
  return `[${items.join(',')}]`;
}

interface Tally {
  statuses: Map<number | string, number>;
  acknowledged: number[];
}

/** Sends one batch and tallies the answer; true when it was acknowledged. */
async function postBatch(server: ServerProcess, first: number, random: Random, tally: Tally): Promise<boolean> {
  let key: number | string;
  let acknowledged = false;
  try {
    const response = await fetch(`${server.url}/1/batch/load`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: batchBody(first, random),
    });
    key = response.status;
    if (response.status === 200) {
      const statuses = (await response.json()) as Array<{ status: number }>;
      acknowledged = statuses.every((s) => s.status === 202);
      if (acknowledged) tally.acknowledged.push(first);
    } else {
      if (response.headers.get('retry-after') === null) key = `${response.status} without Retry-After`;
      await response.arrayBuffer();
    }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    key = `connection error: ${(error as Error).message} (${cause?.code ?? cause?.message ?? 'no cause'})`;
  }
  tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
  return acknowledged;
}

describe('overload', () => {
  // The bound on a hang covers the overload, then measuring, draining and reading back:
  // beside two CPU hogs the whole took 92 s for 15 s of overload, and 80 s with the
  // machine three times busier.
  it(`sheds ${OVERLOAD_SECONDS}s of five times the sustainable load with 429/503 and loses nothing`, { timeout: (OVERLOAD_SECONDS + 165) * 1000 }, async () => {
    const random = seededRandom(seedFor('overload', 5));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-overload-'));
    dirs.push(dataDir);
    // As docs/security.md tells operators: without a heap cap V8 lets garbage grow toward
    // its default limit (a quarter of RAM), far past what ingest holds alive.
    const nodeOptions = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --max-old-space-size=${SERVER_HEAP_MIB}`;
    const server = await spawnServer(dataDir).finally(() => {
      if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = nodeOptions;
    });
    // Calibration and overload answers are tallied apart: only the overload must shed.
    const calibration: Tally = { statuses: new Map(), acknowledged: [] };
    const tally: Tally = { statuses: new Map(), acknowledged: [] };
    let next = 0;

    // Calibration: closed-loop writers, enough of them to fill every group commit but
    // within the memory budget; the rate of acknowledgements between the first and the
    // last is what the store sustains. At least ten, however slow the machine is today.
    const acks: number[] = [];
    const calibrationEnd = Date.now() + CALIBRATION_SECONDS * 1000;
    const calibrationLimit = Date.now() + 30_000;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while ((Date.now() < calibrationEnd || acks.length < 10) && Date.now() < calibrationLimit) {
          const first = next;
          next += BATCH;
          if (await postBatch(server, first, random, calibration)) acks.push(Date.now());
        }
      }),
    );
    expect(acks.length, 'the store took events during calibration').toBeGreaterThanOrEqual(10);
    const sustained = ((acks.length - 1) * BATCH) / ((acks.at(-1)! - acks[0]) / 1000);
    const offeredRate = sustained * 5;

    // Overload: open loop, batches fired on a clock whatever the answers; queries alongside.
    let outstanding = 0;
    let clientShed = 0;
    let offered = 0;
    let peakRss = 0;
    const queries: Array<{ status: number | string; ms: number }> = [];
    const inFlight = new Set<Promise<boolean>>();
    const end = Date.now() + OVERLOAD_SECONDS * 1000;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssOf(server.child.pid!))), 200);
    const querier = (async () => {
      while (Date.now() < end) {
        const started = performance.now();
        const response = await fetch(`${server.url}/api/v1/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            dataset: 'load',
            query: { calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }], breakdowns: ['route'], time_range: 3600 },
          }),
        }).catch((error: Error) => ({ status: `connection error: ${error.message}`, arrayBuffer: async () => undefined }));
        await response.arrayBuffer();
        queries.push({ status: response.status, ms: performance.now() - started });
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const overloadStart = Date.now();
    while (Date.now() < end) {
      // Batches due by now at the offered rate, however late this tick runs.
      const due = Math.floor((((Date.now() - overloadStart) / 1000) * offeredRate) / BATCH);
      while (offered < due) {
        offered++;
        if (outstanding >= MAX_OUTSTANDING) {
          clientShed++;
          continue;
        }
        const first = next;
        next += BATCH;
        outstanding++;
        const request = postBatch(server, first, random, tally).finally(() => {
          outstanding--;
          inFlight.delete(request);
        });
        inFlight.add(request);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all([...inFlight, querier]);
    clearInterval(rssTimer);

    const statusLine = [...tally.statuses].map(([status, count]) => `${status}: ${count}`).join(', ');
    const okQueries = queries.filter((q) => q.status === 200);
    const slowest = Math.max(...okQueries.map((q) => q.ms));
    console.log(
      `overload: sustained ${Math.round(sustained)} events/s; offered ${Math.round(offeredRate)} events/s for ${OVERLOAD_SECONDS}s ` +
        `(${offered} batches of ${BATCH}; ${clientShed} of them not sent, the client being at ${MAX_OUTSTANDING} outstanding, ` +
        `so ${Math.round(((offered - clientShed) * BATCH) / OVERLOAD_SECONDS)} events/s sent); answers ${statusLine}; ` +
        `peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MiB; queries ${okQueries.length}/${queries.length} answered, slowest ${slowest.toFixed(0)} ms`,
    );

    expect(
      [...tally.statuses.keys()].filter((s) => ![200, 429, 503].includes(s as number)),
      'only 2xx, 429 and 503 with Retry-After',
    ).toEqual([]);
    expect((tally.statuses.get(429) ?? 0) + (tally.statuses.get(503) ?? 0), 'the overload was real: load was shed').toBeGreaterThan(0);
    expect(peakRss).toBeLessThan(MAX_RSS_BYTES);
    expect(
      queries.filter((q) => q.status !== 200 && q.status !== 503),
      'queries answer',
    ).toEqual([]);
    expect(okQueries.length).toBeGreaterThan(0);

    server.child.kill('SIGTERM');
    expect(await server.exited, 'the server stops cleanly after the overload').toBe(0);
    const reopened = await startServer({ port: 0, dataDir, quiet: true }, { env: {} });
    try {
      const stored = new Set((await readEvents(reopened.store, 'default', 'load')).map((e) => Number(e.fields.seq)));
      const lost = [...calibration.acknowledged, ...tally.acknowledged].filter((first) => ![...Array(BATCH).keys()].every((i) => stored.has(first + i)));
      expect(lost, 'acknowledged batches missing').toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});
