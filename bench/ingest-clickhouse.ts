// ClickHouse store benchmark: spans per second through `store.append` of the ClickHouse
// engine (type rules, TabSeparated inserts, group commit, trace index) on a local
// clickhouse-server, beside the DuckDB engine fed the same batches in the same process, and
// beside the official @clickhouse/client inserting the same spans, already decoded into the
// store's rows, with JSONEachRow into plain MergeTree tables of the same columns (the same
// batches, as many inserts in flight). Rounds alternate, so a busy moment of the machine
// weighs on all sides alike.
//   npx tsx bench/ingest-clickhouse.ts [payloads=50] [spansPerPayload=1000] [rounds=3] [inFlight=16]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { DatasetBatch, Store } from '@flashlight/server';
import { decodeTraces, createLogger, openDuckDbStore, openClickHouseStore, DATASETS_TABLE, startClickHouse } from '@flashlight/server/testing';
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

/** One insert of the baseline: the rows of one batch, in its dataset's table. */
interface RowInsert {
  table: string;
  rows: Record<string, unknown>[];
}

/**
 * The rows Flashlight stored for `batches`, read back from `database` once, cut into one
 * insert per batch so the client gets the same batches in the same order.
 */
async function decodedRows(client: ClickHouseClient, database: string, batches: DatasetBatch[]): Promise<RowInsert[]> {
  const datasets = await (
    await client.query({ query: `SELECT name, table_name FROM ${database}.${DATASETS_TABLE} FINAL`, format: 'JSONEachRow' })
  ).json<{ name: string; table_name: string }>();
  const rowsOf = new Map<string, Record<string, unknown>[]>();
  for (const { name, table_name } of datasets) {
    const result = await client.query({ query: `SELECT * FROM ${database}.${table_name}`, format: 'JSONEachRow' });
    rowsOf.set(name, await result.json<Record<string, unknown>>());
  }
  const tableOf = new Map(datasets.map((d) => [d.name, d.table_name]));
  return batches.map((batch) => ({ table: tableOf.get(batch.dataset)!, rows: rowsOf.get(batch.dataset)!.splice(0, batch.events.length) }));
}

/** Spans/s of the official client inserting `inserts` into fresh MergeTree copies of `source`'s tables. */
async function clientSpansPerSecond(client: ClickHouseClient, source: string, database: string, inserts: RowInsert[]): Promise<number> {
  await client.command({ query: `CREATE DATABASE ${database}` });
  for (const table of new Set(inserts.map((i) => i.table))) {
    await client.command({ query: `CREATE TABLE ${database}.${table} AS ${source}.${table} ENGINE = MergeTree() ORDER BY ts` });
  }
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < inserts.length) {
      const { table, rows } = inserts[next++];
      await client.insert({ table: `${database}.${table}`, values: rows, format: 'JSONEachRow' });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
  return inserts.reduce((sum, i) => sum + i.rows.length, 0) / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

const { payloads } = makeSpanPayloads(payloadCount, spansPerPayload);
const batches = payloads.flatMap((p) => decodeTraces(p, 'protobuf', 'bench').batches);
const spans = batches.reduce((sum, b) => sum + b.events.length, 0);
const clickhouse = await startClickHouse();
const client = createClient({ url: clickhouse.nodes[0].url, max_open_connections: inFlight });
const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-clickhouse-'));
try {
  console.log(`${fmt(spans)} spans decoded from ${payloadCount} OTLP payloads, ${inFlight} appends in flight`);
  const toDuckDb: number[] = [];
  const toClient: number[] = [];
  let inserts: RowInsert[] = [];
  for (let round = 0; round < rounds; round++) {
    const duckdb = await spansPerSecond(await openDuckDbStore({ dataDir: path.join(dir, `round-${round}`), ...limits }), batches);
    const onClickHouse = await spansPerSecond(await openClickHouseStore({ url: clickhouse.urls, database: `bench_${round}`, ...limits }), batches);
    if (round === 0) inserts = await decodedRows(client, 'bench_0', batches);
    const official = await clientSpansPerSecond(client, 'bench_0', `client_${round}`, inserts);
    toDuckDb.push(onClickHouse / duckdb);
    toClient.push(onClickHouse / official);
    console.log(
      `round ${round + 1}: ClickHouse store.append ${fmt(onClickHouse)} spans/s | DuckDB store.append ${fmt(duckdb)} spans/s | ratio ${(onClickHouse / duckdb).toFixed(2)}`,
    );
    console.log(
      `         ClickHouse store.append ${fmt(onClickHouse)} spans/s | @clickhouse/client JSONEachRow ${fmt(official)} spans/s | ratio ${(onClickHouse / official).toFixed(2)}`,
    );
  }
  console.log(`median ratio ClickHouse / DuckDB: ${median(toDuckDb).toFixed(2)}`);
  console.log(`median ratio ClickHouse store / official client: ${median(toClient).toFixed(2)}`);
} finally {
  await client.close();
  await clickhouse.stop();
  await rm(dir, { recursive: true, force: true });
}
