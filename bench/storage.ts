// Storage benchmark: bytes on disk per span in the DuckDB file, after N OTLP-shaped spans
// (about ten attributes each) went through `store.append` like ingest and the store was
// closed (checkpointed), with where the bytes go: per field, the trace index, the free
// blocks. The baseline is the same spans copied into one plain table by DuckDB itself.
//   npx tsx bench/storage.ts --spans 10000000 [--data-dir DIR]
// With --data-dir the store's file is made there and kept (bench/trace-lookup.ts can reuse it).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createLogger, DATABASE_FILE, openDuckDbStore } from '@flashlight/server/testing';
import { appendTraceSpans } from './data/trace-spans.ts';
import { numberFlag } from './number-flag.ts';
import { mb, rows, storageReport } from './storage-report.ts';

const SPANS = numberFlag('spans', 1_000_000);
const TARGET_BYTES_PER_SPAN = 80;

/** The same rows in one table of the same columns, written in one go by DuckDB: what the data itself takes. */
async function plainCopyBytes(file: string, spans: number): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-plain-'));
  const copy = path.join(dir, 'plain.duckdb');
  const instance = await DuckDBInstance.create(copy);
  const connection = await instance.connect();
  try {
    await connection.run(`SET memory_limit = '6GB'`);
    await connection.run(`ATTACH '${file}' AS store (READ_ONLY)`);
    const tables = await rows(connection, `SELECT table_name FROM duckdb_tables() WHERE database_name = 'store' AND table_name LIKE 'ds_%'`);
    await connection.run(`CREATE TABLE spans AS ${tables.map((t) => `SELECT * FROM store.${t.table_name}`).join(' UNION ALL BY NAME ')}`);
    await connection.run('DETACH store');
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  const bytes = (await stat(copy)).size;
  await rm(dir, { recursive: true, force: true });
  console.log(`baseline: the same spans in one table, copied by DuckDB: ${mb(bytes)}, ${(bytes / spans).toFixed(1)} bytes per span`);
  return bytes;
}

const dataDirFlag = process.argv.indexOf('--data-dir');
const dir = dataDirFlag >= 0 ? process.argv[dataDirFlag + 1] : await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-storage-'));
try {
  const store = await openDuckDbStore({ dataDir: dir, maxColumnsPerDataset: 1000, maxPendingEvents: 1_000_000, log: createLogger({ quiet: true }) });
  await store.query(`SET memory_limit = '6GB'`, []);
  const started = performance.now();
  const spans = await appendTraceSpans(store, SPANS, 16, (n) => console.log(`  ${n.toLocaleString('en-US')} spans appended`));
  await store.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `storage benchmark: ${spans.toLocaleString('en-US')} spans through store.append in ${seconds.toFixed(0)} s ` +
      `(${Math.round(spans / seconds).toLocaleString('en-US')} spans/s), load ${os.loadavg()[0].toFixed(1)}`,
  );
  const file = path.join(dir, DATABASE_FILE);
  const fileBytes = await storageReport(file, spans);
  const plain = await plainCopyBytes(file, spans);
  console.log(
    `bytes per span: flashlight ${(fileBytes / spans).toFixed(1)} | plain copy ${(plain / spans).toFixed(1)} | ratio ${(fileBytes / plain).toFixed(2)} | target ≤ ${TARGET_BYTES_PER_SPAN}`,
  );
} finally {
  if (dataDirFlag < 0) await rm(dir, { recursive: true, force: true });
}
