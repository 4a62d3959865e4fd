// Crash loop: `flashlight serve` takes ingest at full speed, including new fields and
// type changes (schema changes mid-batch), and is killed with SIGKILL at a seeded random
// moment, again and again. After the last restart every acknowledged event is there
// exactly once, every stored event is whole, and the catalog matches the tables.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../testing/server-process.ts';
import { startServer } from '../server.ts';
import { readEvents } from '../store/read-events.ts';
import { checkStore } from '../doctor/check-store.ts';
import { randomInt, seededRandom } from './seeded-random.ts';
import { seedFor, soakOr } from './soak.ts';

// Ten kills in `npm test` keep the suite short; `npm run soak` runs two hundred.
const CYCLES = soakOr(10, 200);
const BATCH = 100;
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** What event `seq` carries; the check after the crashes recomputes it. */
function eventFields(seq: number): Record<string, string | number | boolean> {
  return {
    seq,
    route: `/r/${seq % 17}`,
    // A new field every few batches: columns are added while events pour in.
    [`dyn.${Math.floor(seq / 300)}`]: seq,
    // Numbers first, text later: the column is widened mid-run.
    mixed: seq % 1000 < 900 ? seq : `t${seq}`,
    ok: seq % 2 === 0,
  };
}

async function postEvents(url: string, first: number): Promise<boolean> {
  const items = Array.from({ length: BATCH }, (_, i) => ({ data: eventFields(first + i) }));
  try {
    const response = await fetch(`${url}/1/batch/crash`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) });
    if (response.status !== 200) return false;
    return ((await response.json()) as Array<{ status: number }>).every((s) => s.status === 202);
  } catch {
    return false; // the connection died with the server: not acknowledged
  }
}

async function postSpans(url: string, first: number): Promise<boolean> {
  const now = Date.now() * 1e6;
  const spans = Array.from({ length: BATCH }, (_, i) => ({
    traceId: (first + i).toString(16).padStart(32, '0'),
    spanId: (first + i).toString(16).padStart(16, '0'),
    name: 'op',
    kind: 2,
    startTimeUnixNano: String(now),
    endTimeUnixNano: String(now + 1e6),
    attributes: [
      { key: 'seq', value: { intValue: String(first + i) } },
      { key: `attr.${Math.floor((first + i) / 500)}`, value: { boolValue: true } },
    ],
  }));
  const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'crash-otlp' } }] }, scopeSpans: [{ spans }] }] };
  try {
    const response = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

describe('crash loop', () => {
  // Each cycle starts `flashlight serve` again, which took up to 15 s on a machine loaded
  // sixteen deep: the bound on a hang is a minute a cycle.
  it(`keeps every acknowledged event exactly once through ${CYCLES} SIGKILLs`, { timeout: CYCLES * 60_000 }, async () => {
    const random = seededRandom(seedFor('crash loop', 20261127));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-crash-'));
    dirs.push(dataDir);
    const acknowledged = { events: new Set<number>(), spans: new Set<number>() };
    let next = 0;
    const started = Date.now();

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await spawnServer(dataDir);
      let dead = false;
      let batchesThisCycle = 0;
      const writer = async (post: typeof postEvents, acked: Set<number>) => {
        while (!dead) {
          const first = next;
          next += BATCH;
          if (!(await post(server.url, first))) continue;
          for (let i = 0; i < BATCH; i++) acked.add(first + i);
          if (acked === acknowledged.events) batchesThisCycle++;
        }
      };
      const writers = [
        writer(postEvents, acknowledged.events),
        writer(postEvents, acknowledged.events),
        writer(postEvents, acknowledged.events),
        writer(postSpans, acknowledged.spans),
      ];
      // The kill comes at a seeded point of the server's progress, which a busy machine only
      // slows down: after a seeded number of acknowledged batches (and, until the first one,
      // an acknowledged span batch), then a seeded few ms on, so it lands anywhere in the
      // requests in flight.
      const batches = randomInt(random, 1, 6);
      await expect
        .poll(() => server.child.exitCode === null && batchesThisCycle >= batches && acknowledged.spans.size > 0, { interval: 5, timeout: 60_000 })
        .toBe(true);
      await new Promise((resolve) => setTimeout(resolve, randomInt(random, 0, 200)));
      server.child.kill('SIGKILL');
      await server.exited;
      dead = true;
      await Promise.all(writers);
    }

    const findings = await checkStore(dataDir);
    expect(
      findings.filter((f) => !f.ok),
      'the catalog matches the tables after the crashes',
    ).toEqual([]);

    const reopened = await startServer({ port: 0, dataDir, quiet: true }, { env: {} });
    try {
      const events = await readEvents(reopened.store, 'default', 'crash');
      const spans = await readEvents(reopened.store, 'default', 'crash-otlp');
      for (const [name, stored, acked] of [
        ['events', events, acknowledged.events],
        ['spans', spans, acknowledged.spans],
      ] as const) {
        const seqs = stored.map((e) => Number(e.fields.seq));
        expect(new Set(seqs).size, `no ${name} stored twice`).toBe(seqs.length);
        const present = new Set(seqs);
        expect(
          [...acked].filter((s) => !present.has(s)),
          `acknowledged ${name} missing`,
        ).toEqual([]);
      }
      for (const event of events) {
        const expected = eventFields(Number(event.fields.seq));
        // A value of another type than its field's lands in a `name::type` field (the store's type rule).
        const got = Object.fromEntries(Object.entries(event.fields).map(([k, v]) => [k.replace(/::\w+$/, ''), String(v)]));
        expect(got, 'every stored event is whole').toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, String(v)])));
      }
      console.log(
        `crash loop: ${CYCLES} SIGKILLs in ${((Date.now() - started) / 1000).toFixed(0)}s; ` +
          `${acknowledged.events.size} events and ${acknowledged.spans.size} spans acknowledged, ` +
          `${events.length} and ${spans.length} stored, 0 lost, 0 duplicated`,
      );
      expect(acknowledged.events.size).toBeGreaterThan(CYCLES * BATCH);
      expect(acknowledged.spans.size).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  });
});
