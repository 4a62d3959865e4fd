// Trace lookup benchmark: `getTrace` (what `GET /api/v1/traces/:traceId` runs: the trace
// index, then the tables it names) for random trace ids in a DuckDB file of N spans in one
// table per service, filled through `store.append` like ingest, beside a hand-written
// lookup that already knows each trace's time range: one statement reading every table
// for the id within that range (and a stricter one that also knows which tables hold it).
// Lookups alternate, so a busy moment weighs on each alike.
//   npx tsx bench/trace-lookup.ts --spans 10000000 [--lookups 1000] [--data-dir DIR]
// With --data-dir, the file there is reused when it exists (and kept), else filled there.
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '@flashlight/server';
import { createLogger, DATABASE_FILE, openDuckDbStore, getTrace, TRACE_ID_FIELD } from '@flashlight/server/testing';
import { appendTraceSpans, TRACE_SPANS_ENVIRONMENT } from './data/trace-spans.ts';
import { numberFlag } from './number-flag.ts';

const SPANS = numberFlag('spans', 1_000_000);
const LOOKUPS = numberFlag('lookups', 1000);
const dataDirFlag = process.argv.indexOf('--data-dir');
const TARGET_P99_MS = 50;
const TARGET_RATIO = 1.2;

const storeOptions = (dataDir: string) => ({
  dataDir,
  maxColumnsPerDataset: 1000,
  maxPendingEvents: 1_000_000,
  log: createLogger({ quiet: true }),
});

interface KnownTrace {
  traceId: string;
  minUs: number;
  maxUs: number;
  spans: number;
  /** The tables that hold its spans. */
  tables: string[];
}

async function fill(dataDir: string): Promise<void> {
  const store = await openDuckDbStore(storeOptions(dataDir));
  await store.query(`SET memory_limit = '6GB'`, []);
  const started = performance.now();
  const spans = await appendTraceSpans(store, SPANS, 16, (n) => console.log(`  ${n.toLocaleString('en-US')} spans appended`));
  await store.close();
  console.log(`filled: ${spans.toLocaleString('en-US')} spans through store.append in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** One statement over these tables (all of the environment's by default): `SELECT ... UNION ALL SELECT ...`. */
async function everyTable(store: Store, select: (table: string, traceColumn: string) => string, only?: string[]): Promise<string> {
  const target = await store.target(TRACE_SPANS_ENVIRONMENT, '__all__');
  const traceColumn = target?.fields.get(TRACE_ID_FIELD)?.column;
  if (!target || !traceColumn) throw new Error('no spans in the file');
  const tables = target.tables.map((t) => t.table).filter((t) => !only || only.includes(t));
  return tables.map((t) => select(t, traceColumn)).join(' UNION ALL ');
}

/** Random traces with their time range and span count, found by scanning the tables themselves. */
async function knownTraces(store: Store, count: number): Promise<KnownTrace[]> {
  const ids = await store.query(
    `SELECT DISTINCT trace_id FROM (${await everyTable(store, (t, c) => `SELECT ${c} AS trace_id FROM ${t}`)}) USING SAMPLE ${count} ROWS`,
    [],
  );
  const rows = await store.query(
    `SELECT trace_id, epoch_us(min(ts)) AS min_us, epoch_us(max(ts)) AS max_us, count(*) AS spans, list(DISTINCT table_name) AS tables
       FROM (${await everyTable(store, (t, c) => `SELECT ${c} AS trace_id, ts, '${t}' AS table_name FROM ${t} WHERE list_contains($1, ${c})`)}) GROUP BY trace_id`,
    [ids.map((r) => r.trace_id as string)],
  );
  return rows.map((r) => ({
    traceId: String(r.trace_id),
    minUs: Number(r.min_us),
    maxUs: Number(r.max_us),
    spans: Number(r.spans),
    tables: (r.tables as unknown[]).map(String),
  }));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

const dataDir = dataDirFlag >= 0 ? process.argv[dataDirFlag + 1] : await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-traces-'));
try {
  const exists = await access(path.join(dataDir, DATABASE_FILE)).then(
    () => true,
    () => false,
  );
  if (exists) console.log(`reusing ${path.join(dataDir, DATABASE_FILE)}`);
  else await fill(dataDir);

  const store = await openDuckDbStore(storeOptions(dataDir));
  await store.query(`SET memory_limit = '6GB'`, []);
  try {
    const traces = await knownTraces(store, LOOKUPS);
    const select = (t: string, c: string) =>
      `SELECT epoch_us(ts) AS time_us, * FROM ${t} WHERE ${c} = $1 AND ts BETWEEN make_timestamp($2) AND make_timestamp($3)`;
    const baselineSql = await everyTable(store, select);
    const params = (trace: KnownTrace) => [trace.traceId, trace.minUs, trace.maxUs];
    const baseline = (trace: KnownTrace) => store.query(`${baselineSql} ORDER BY time_us`, params(trace));
    // Stricter: it also knows which tables hold the trace, as the index tells getTrace.
    const tablesKnown = async (trace: KnownTrace) => store.query(`${await everyTable(store, select, trace.tables)} ORDER BY time_us`, params(trace));
    const ours = (trace: KnownTrace) => getTrace(store, TRACE_SPANS_ENVIRONMENT, trace.traceId);
    const oursMs: number[] = [];
    const baselineMs: number[] = [];
    const tablesKnownMs: number[] = [];
    const timed = async <T>(times: number[], work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work();
      times.push(performance.now() - started);
      return result;
    };
    for (const [i, trace] of traces.entries()) {
      // Alternating which goes first, so neither always reads what the other just cached.
      if (i % 2 === 1) {
        await timed(baselineMs, () => baseline(trace));
        await timed(tablesKnownMs, () => tablesKnown(trace));
      }
      const found = await timed(oursMs, () => ours(trace));
      if (i % 2 === 0) {
        await timed(tablesKnownMs, () => tablesKnown(trace));
        await timed(baselineMs, () => baseline(trace));
      }
      if (found?.summary.spanCount !== trace.spans) {
        throw new Error(`trace ${trace.traceId}: getTrace found ${found?.summary.spanCount ?? 0} spans, the tables hold ${trace.spans}`);
      }
    }
    oursMs.sort((a, b) => a - b);
    baselineMs.sort((a, b) => a - b);
    tablesKnownMs.sort((a, b) => a - b);
    const tables = (await store.target(TRACE_SPANS_ENVIRONMENT, '__all__'))!.tables.length;
    const spans = traces.reduce((sum, t) => sum + t.spans, 0);
    console.log(
      `trace lookup benchmark: ${traces.length} random traces (${(spans / traces.length).toFixed(1)} spans on average) ` +
        `in ${SPANS.toLocaleString('en-US')} spans, ${tables} tables; load ${os.loadavg()[0].toFixed(1)}`,
    );
    const ms = (value: number) => value.toFixed(1).padStart(6);
    for (const [label, p] of [
      ['p50', 0.5],
      ['p99', 0.99],
    ] as const) {
      const a = percentile(oursMs, p);
      const b = percentile(baselineMs, p);
      const c = percentile(tablesKnownMs, p);
      console.log(
        `${label} getTrace ${ms(a)} ms | hand-written, time range known ${ms(b)} ms | ratio ${(a / b).toFixed(2)} ` +
          `| time range and tables known ${ms(c)} ms | ratio ${(a / c).toFixed(2)}`,
      );
    }
    console.log(`targets: p99 < ${TARGET_P99_MS} ms, ratio ≤ ${TARGET_RATIO}`);
  } finally {
    await store.close();
  }
} finally {
  if (dataDirFlag < 0) await rm(dataDir, { recursive: true, force: true });
}
