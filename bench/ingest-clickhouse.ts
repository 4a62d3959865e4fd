// ClickHouse store benchmark: spans per second through `store.append` of the ClickHouse
// engine (type rules, JSONEachRow inserts, group commit, trace index) on a local
// clickhouse-server, beside the DuckDB engine fed the same batches in the same process.
// Rounds alternate, so a busy moment of the machine weighs on both sides alike.
//   npx tsx bench/ingest-clickhouse.ts [payloads=50] [spansPerPayload=1000] [rounds=3] [inFlight=16]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DatasetBatch } from '../apps/server/src/events/wide-event.ts';
import { decodeTraces } from '../apps/server/src/ingest/otlp/index.ts';
import { createLogger } from '../apps/server/src/logger.ts';
import type { Store } from '../apps/server/src/store/store.ts';
import { openDuckDbStore } from '../apps/server/src/store/duckdb/index.ts';
import { openClickHouseStore } from '../apps/server/src/store/clickhouse/index.ts';
import { startClickHouse } from '../apps/server/src/testing/clickhouse-server.ts';
import { makeSpanPayloads } from './data/otlp-span-payloads.ts';

const [payloadCount = 50, spansPerPayload = 1000, rounds = 3, inFlight = 16] = process.argv.slice(2).map(Number);
const limits = { maxColumnsPerDataset: 1000, maxPendingEvents: 1_000_000, log: createLogger({ quiet: true }) };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function spansPerSecond(store: Store, batches: DatasetBatch[]): Promise<number> {
  const spans = batches.reduce((sum, b) => sum + b.events.length, 0);
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < batches.length) await store.append(batches[next++]);
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
  const rate = spans / ((performance.now() - started) / 1000);
  await store.close();
  return rate;
}

const { payloads } = makeSpanPayloads(payloadCount, spansPerPayload);
const batches = payloads.flatMap((p) => decodeTraces(p, 'protobuf', 'bench').batches);
const spans = batches.reduce((sum, b) => sum + b.events.length, 0);
const clickhouse = await startClickHouse();
const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-clickhouse-'));
try {
  console.log(`${fmt(spans)} spans decoded from ${payloadCount} OTLP payloads, ${inFlight} appends in flight`);
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const duckdb = await spansPerSecond(await openDuckDbStore({ dataDir: path.join(dir, `round-${round}`), ...limits }), batches);
    const onClickHouse = await spansPerSecond(await openClickHouseStore({ url: clickhouse.urls, database: `bench_${round}`, ...limits }), batches);
    ratios.push(onClickHouse / duckdb);
    console.log(`round ${round + 1}: ClickHouse store.append ${fmt(onClickHouse)} spans/s | DuckDB store.append ${fmt(duckdb)} spans/s | ratio ${(onClickHouse / duckdb).toFixed(2)}`);
  }
  console.log(`median ratio ClickHouse / DuckDB: ${ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)].toFixed(2)}`);
} finally {
  await clickhouse.stop();
  await rm(dir, { recursive: true, force: true });
}
