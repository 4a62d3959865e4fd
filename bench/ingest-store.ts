// Ingest benchmark: spans per second through `store.append` (planning, type rules, group
// commit, trace index, fsync), beside DuckDB's bare row appender fed the same pre-built
// rows in the same process. Prints both and their ratio.
//   npx tsx bench/ingest-store.ts [spans=200000] [batch=500] [inFlight=16]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import type { WideEvent } from '../apps/server/src/events/wide-event.ts';
import { createLogger } from '../apps/server/src/logger.ts';
import { openDuckDbStore } from '../apps/server/src/store/duckdb/index.ts';
import { generateSpans, SPAN_COLUMNS } from './span-generator.ts';

const [spanCount = 200_000, batchSize = 500, inFlight = 16, rounds = 3] = process.argv.slice(2).map(Number);

async function bareAppender(dir: string, events: WideEvent[]): Promise<number> {
  const instance = await DuckDBInstance.create(path.join(dir, `bare-${Date.now()}.duckdb`));
  const connection = await instance.connect();
  const ddl = SPAN_COLUMNS.map((c, i) => `c${i} ${c.sqlType}`).join(', ');
  await connection.run(`CREATE TABLE spans (ts TIMESTAMP, sample_rate DOUBLE, ${ddl})`);
  // Rows laid out in column order beforehand: the baseline pays only for appending.
  const rows = events.map((e) => SPAN_COLUMNS.map((c) => e.fields[c.name]));
  const started = performance.now();
  await connection.run('BEGIN TRANSACTION');
  const appender = await connection.createAppender('spans');
  for (let r = 0; r < rows.length; r++) {
    appender.appendTimestamp(new DuckDBTimestampValue(BigInt(events[r].timeUs)));
    appender.appendDouble(events[r].sampleRate);
    const row = rows[r];
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (value === undefined) appender.appendNull();
      else if (typeof value === 'string') appender.appendVarchar(value);
      else if (typeof value === 'boolean') appender.appendBoolean(value);
      else if (SPAN_COLUMNS[c].sqlType === 'BIGINT') appender.appendBigInt(BigInt(value));
      else appender.appendDouble(value);
    }
    appender.endRow();
  }
  appender.closeSync();
  await connection.run('COMMIT');
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  instance.closeSync();
  return events.length / seconds;
}

async function storeAppend(dir: string, events: WideEvent[]): Promise<{ rate: number; commits: number }> {
  const store = await openDuckDbStore({
    dataDir: path.join(dir, `store-${Date.now()}`),
    maxColumnsPerDataset: 1000,
    maxPendingEvents: 1_000_000,
    log: createLogger({ quiet: true }),
  });
  const batches: WideEvent[][] = [];
  for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
  const started = performance.now();
  let next = 0;
  const sender = async () => {
    while (next < batches.length) {
      const events = batches[next++];
      await store.append({ environment: 'bench', dataset: 'checkout', events });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
  const seconds = (performance.now() - started) / 1000;
  const commits = (store as unknown as { commits: number }).commits;
  await store.close();
  return { rate: events.length / seconds, commits };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-'));
try {
  const events = generateSpans(spanCount);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`spans: ${fmt(spanCount)}, ${SPAN_COLUMNS.length + 2} columns, batches of ${batchSize}, ${inFlight} in flight`);
  // Rounds alternate, so a busy moment of the machine weighs on both sides alike.
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const bare = await bareAppender(dir, events);
    const { rate, commits } = await storeAppend(dir, events);
    ratios.push(rate / bare);
    console.log(
      `round ${round}: bare appender (one transaction) ${fmt(bare)} spans/s; ` +
        `store.append (${commits} group commits) ${fmt(rate)} spans/s; ratio ${(rate / bare).toFixed(2)}`,
    );
  }
  const median = ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
  console.log(`ratio store/bare (median of ${rounds}): ${median.toFixed(2)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
