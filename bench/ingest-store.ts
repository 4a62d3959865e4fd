// Store benchmark: spans per second through `store.append` of the DuckDB engine (type
// rules, column-wise chunks, group commit, trace index, fsync per commit), fed the
// batches the OTLP decoder makes of real SDK payloads, beside the bare DuckDB appender
// fed the same spans in the same process. Rounds alternate, so a busy moment of the
// machine weighs on both sides alike.
//   npx tsx bench/ingest-store.ts [payloads=100] [spansPerPayload=1000] [rounds=3] [inFlight=16]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DatasetBatch } from '@flashlight/server';
import { decodeTraces, createLogger, openDuckDbStore } from '@flashlight/server/testing';
import { bareAppenderRowsPerSecond } from './bare-appender.ts';
import { makeSpanPayloads } from './data/otlp-span-payloads.ts';
import { machineLoad } from './machine-load.ts';

export interface IngestStoreOptions {
  payloads: number;
  spansPerPayload: number;
  rounds: number;
  /** Appends in flight at once, as concurrent ingest requests would have. */
  inFlight: number;
}

export interface IngestStoreRound {
  spansPerSecond: number;
  /** Process CPU time (the JS thread and DuckDB's threads) per span: less swayed by a busy machine. */
  cpuMicrosPerSpan: number;
  bareRowsPerSecond: number;
  commits: number;
}

export async function benchIngestStore(options: IngestStoreOptions): Promise<{ spans: number; rounds: IngestStoreRound[] }> {
  const { payloads } = makeSpanPayloads(options.payloads, options.spansPerPayload);
  const batches = payloads.flatMap((p) => decodeTraces(p, 'protobuf', 'bench').batches);
  const events = batches.flatMap((b) => b.events);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-store-'));
  try {
    const rounds: IngestStoreRound[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const bareRowsPerSecond = await bareAppenderRowsPerSecond(events, 1);
      rounds.push({ ...(await appendAll(path.join(dir, `round-${round}`), batches, options.inFlight)), bareRowsPerSecond });
    }
    return { spans: events.length, rounds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function appendAll(dataDir: string, batches: DatasetBatch[], inFlight: number) {
  const store = await openDuckDbStore({ dataDir, maxColumnsPerDataset: 1000, maxPendingEvents: 1_000_000, log: createLogger({ quiet: true }) });
  try {
    const spans = batches.reduce((sum, b) => sum + b.events.length, 0);
    let next = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const sender = async () => {
      while (next < batches.length) await store.append(batches[next++]);
    };
    await Promise.all(Array.from({ length: inFlight }, sender));
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    return { spansPerSecond: spans / seconds, cpuMicrosPerSpan: (user + system) / spans, commits: store.commits };
  } finally {
    await store.close();
  }
}

/** The median round's ratio of store to bare appender. */
export function medianRatio(rounds: IngestStoreRound[]): number {
  const ratios = rounds.map((r) => r.spansPerSecond / r.bareRowsPerSecond).sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [payloads = 100, spansPerPayload = 1000, rounds = 3, inFlight = 16] = process.argv.slice(2).map(Number);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const result = await benchIngestStore({ payloads, spansPerPayload, rounds, inFlight });
  console.log(`${fmt(result.spans)} spans decoded from ${payloads} OTLP payloads, ${inFlight} appends in flight`);
  result.rounds.forEach((r, i) =>
    console.log(
      `round ${i + 1}: store.append ${fmt(r.spansPerSecond)} spans/s (${r.commits} commits, ${r.cpuMicrosPerSpan.toFixed(1)} µs CPU/span) | ` +
        `bare appender ${fmt(r.bareRowsPerSecond)} rows/s | ratio ${(r.spansPerSecond / r.bareRowsPerSecond).toFixed(2)}`,
    ),
  );
  const best = (rates: number[]) => Math.max(...rates);
  const bestStore = best(result.rounds.map((r) => r.spansPerSecond));
  const bestBare = best(result.rounds.map((r) => r.bareRowsPerSecond));
  console.log(`ratio store.append / bare appender, median of ${rounds} rounds: ${medianRatio(result.rounds).toFixed(2)}`);
  console.log(`best rounds: store.append ${fmt(bestStore)} spans/s, bare appender ${fmt(bestBare)} rows/s, ratio ${(bestStore / bestBare).toFixed(2)}`);
  console.log(`load ${machineLoad()}`);
}
