// Compare-with-peers benchmark: what `GET /api/v1/traces/:traceId/peers` runs (the trace
// by id, its 100 most recent peers of the same root name within an hour each side, their
// spans from every dataset, the per-path statistics) for random root spans in a DuckDB file
// of N spans in one table per service (the OTLP per-service layout), beside a hand-written
// baseline that runs only the two reads in SQL: the peers' roots, then their spans.
// Runs alternate, so a busy moment weighs on each alike.
//   npx tsx bench/trace-compare.ts --spans 10000000 [--runs 50] [--data-dir DIR]
// With --data-dir, the file there is reused when it exists (and kept), else filled there.
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '@flashlight/server';
import { comparePeers, createLogger, DATABASE_FILE, getTrace, openDuckDbStore } from '@flashlight/server/testing';
import { appendTraceSpans, TRACE_SPANS_ENVIRONMENT } from './data/trace-spans.ts';
import { numberFlag } from './number-flag.ts';

const SPANS = numberFlag('spans', 1_000_000);
const RUNS = numberFlag('runs', 50);
const PEERS = 100;
const WINDOW_SECONDS = 3600;
const TARGET_MS = 1000;
const dataDirFlag = process.argv.indexOf('--data-dir');

const storeOptions = (dataDir: string) => ({ dataDir, maxColumnsPerDataset: 1000, maxPendingEvents: 1_000_000, log: createLogger({ quiet: true }) });

interface Root {
  traceId: string;
  table: string;
  name: string;
  startUs: number;
}

/** Random root spans (those without a parent), with their table. */
async function randomRoots(store: Store, count: number): Promise<Root[]> {
  const target = (await store.target(TRACE_SPANS_ENVIRONMENT, '__all__'))!;
  const column = (field: string) => target.fields.get(field)!.column;
  const union = target.tables
    .map(
      (t) =>
        `SELECT ${column('trace.trace_id')} AS trace_id, ${column('name')} AS name, epoch_us(ts) AS start_us, '${t.table}' AS table_name ` +
        `FROM ${t.table} WHERE ${column('trace.parent_id')} IS NULL`,
    )
    .join(' UNION ALL ');
  const rows = await store.query(`SELECT * FROM (${union}) USING SAMPLE ${count} ROWS`, []);
  return rows.map((r) => ({ traceId: String(r.trace_id), table: String(r.table_name), name: String(r.name), startUs: Number(r.start_us) }));
}

/** The same two reads written by hand: the 100 most recent peers' roots, then their spans from every table. */
async function handWritten(store: Store, root: Root): Promise<number> {
  const target = (await store.target(TRACE_SPANS_ENVIRONMENT, '__all__'))!;
  const column = (field: string) => target.fields.get(field)!.column;
  const [tid, sid, pid, name, svc, dur] = ['trace.trace_id', 'trace.span_id', 'trace.parent_id', 'name', 'service.name', 'duration_ms'].map(column);
  const peers = await store.query(
    `SELECT ${tid} AS tid, max(epoch_us(ts)) AS t, max(${dur}) AS dur FROM ${root.table}
      WHERE ts >= make_timestamp($1) AND ts < make_timestamp($2) AND ${name} = $3 AND ${pid} IS NULL AND ${tid} <> $4
      GROUP BY 1 ORDER BY 2 DESC LIMIT ${PEERS}`,
    [root.startUs - WINDOW_SECONDS * 1e6, root.startUs + WINDOW_SECONDS * 1e6, root.name, root.traceId],
  );
  if (peers.length === 0) return 0;
  const from = Math.min(...peers.map((p) => Number(p.t)));
  const to = Math.max(...peers.map((p) => Number(p.t) + Number(p.dur) * 1000));
  const spans = await store.query(
    target.tables
      .map(
        (t) =>
          `SELECT epoch_us(ts) AS t, ${tid}, ${sid}, ${pid}, ${name}, ${svc}, ${dur} FROM ${t.table}
            WHERE ts >= make_timestamp($1) AND ts < make_timestamp($2) AND list_contains($3, ${tid})`,
      )
      .join(' UNION ALL '),
    [from, to, peers.map((p) => String(p.tid))],
  );
  return spans.length;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

const dataDir = dataDirFlag >= 0 ? process.argv[dataDirFlag + 1] : await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-compare-'));
try {
  const exists = await access(path.join(dataDir, DATABASE_FILE)).then(
    () => true,
    () => false,
  );
  const store = await openDuckDbStore(storeOptions(dataDir));
  try {
    if (exists) console.log(`reusing ${path.join(dataDir, DATABASE_FILE)}`);
    else await appendTraceSpans(store, SPANS, 16, (n) => console.log(`  ${n.toLocaleString('en-US')} spans appended`));
    const roots = await randomRoots(store, RUNS);
    const [oursMs, baselineMs]: number[][] = [[], []];
    let peersSeen = 0;
    let spansSeen = 0;
    const timed = async <T>(times: number[], work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work();
      times.push(performance.now() - started);
      return result;
    };
    const ours = async (root: Root) => {
      const trace = await getTrace(store, TRACE_SPANS_ENVIRONMENT, root.traceId);
      if (!trace) throw new Error(`trace ${root.traceId} not found`);
      return comparePeers(store, TRACE_SPANS_ENVIRONMENT, trace, { windowSeconds: WINDOW_SECONDS, limit: PEERS });
    };
    for (const [i, root] of roots.entries()) {
      if (i % 2 === 1) spansSeen += await timed(baselineMs, () => handWritten(store, root));
      const answer = await timed(oursMs, () => ours(root));
      peersSeen += answer.peers.length;
      if (i % 2 === 0) spansSeen += await timed(baselineMs, () => handWritten(store, root));
    }
    oursMs.sort((a, b) => a - b);
    baselineMs.sort((a, b) => a - b);
    console.log(
      `compare with peers: ${roots.length} random root spans in ${SPANS.toLocaleString('en-US')} spans; ` +
        `${(peersSeen / roots.length).toFixed(0)} peers and ${(spansSeen / roots.length).toFixed(0)} of their spans on average; load ${os.loadavg()[0].toFixed(1)}`,
    );
    for (const [label, p] of [
      ['p50', 0.5],
      ['p99', 0.99],
    ] as const) {
      const [a, b] = [percentile(oursMs, p), percentile(baselineMs, p)];
      console.log(`${label} compare with peers ${a.toFixed(1)} ms | hand-written reads alone ${b.toFixed(1)} ms | ratio ${(a / b).toFixed(2)}`);
    }
    console.log(`target: p99 < ${TARGET_MS} ms with ${PEERS} peers`);
  } finally {
    await store.close();
  }
} finally {
  if (dataDirFlag < 0) await rm(dataDir, { recursive: true, force: true });
}
