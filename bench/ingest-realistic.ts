// Ingest as an OpenTelemetry fleet sends it: payloads of 1,000 spans made by the real
// OTel SDK (bench/data/realistic-otlp-payloads.ts: 20 services with 17 resource
// attributes, traces across 1–5 services, ~32 fields per span, random ids, sampled and
// unsampled) POSTed by concurrent senders to a real `flashlight serve` until each is
// acknowledged (committed). Reports spans/s, server CPU per span, the longest stretch
// with no span acknowledged, peak RSS and bytes per span on disk, beside DuckDB's bare
// appender fed the same rows, decoded, in the same run.
//   npx tsx bench/ingest-realistic.ts [--payloads 1000] [--senders 8] [--baseline-payloads 100] [--cpu-prof DIR] [--timeline] [--storage] [--server-flags FLAGS]
// --storage adds where the file's bytes go, per field (bench/storage-report.ts); --server-flags
// are the server's Node flags, by default the young generation the README recommends ('' for Node's own).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeTraces, DATABASE_FILE, STAGING_FILE, spawnServer } from '@flashlight/server/testing';
import { bareAppender } from './bare-appender.ts';
import { realisticPayloads } from './data/realistic-otlp-payloads.ts';
import { cpuMicrosOf, minorFaultsOf, peakRssMiBOf, postTraces } from './otlp-sender.ts';
import { storageReport } from './storage-report.ts';
import { machineLoad } from './machine-load.ts';

const { values: args } = parseArgs({
  options: {
    payloads: { type: 'string', default: '1000' },
    senders: { type: 'string', default: '8' },
    'baseline-payloads': { type: 'string', default: '100' },
    'cpu-prof': { type: 'string' },
    timeline: { type: 'boolean', default: false },
    storage: { type: 'boolean', default: false },
    'server-flags': { type: 'string', default: '--max-semi-space-size=64' },
  },
});
const payloadCount = Number(args.payloads);
const senders = Number(args.senders);
const baselinePayloads = Math.min(payloadCount, Number(args['baseline-payloads']));
/** Payloads sent one at a time before the clock starts: they create the tables and columns. */
const WARM_UP_PAYLOADS = 20;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const loadAtStart = machineLoad();

const generating = performance.now();
const { payloads, spansPerPayload, dir } = await realisticPayloads(payloadCount + WARM_UP_PAYLOADS);
const payloadBytes = payloads.reduce((sum, p) => sum + p.length, 0);
console.log(
  `${fmt(payloads.length)} payloads of ${spansPerPayload} spans (${fmt(payloadBytes / payloads.length / 1024)} KiB each) ` +
    `from ${path.relative(process.cwd(), dir)} in ${((performance.now() - generating) / 1000).toFixed(1)} s`,
);

// The baseline: the same rows (those of the first payloads, repeated to the run's size),
// decoded up front, into one table that already has every column.
const baselineEvents = payloads
  .slice(WARM_UP_PAYLOADS, WARM_UP_PAYLOADS + baselinePayloads)
  .flatMap((p) => decodeTraces(p, 'protobuf', 'bench').batches.flatMap((b) => b.events));
const fieldCounts = baselineEvents.map((e) => Object.keys(e.fields).length);
const distinctFields = new Set(baselineEvents.flatMap((e) => Object.keys(e.fields))).size;
const bare = await bareAppender(baselineEvents, Math.max(1, Math.round(payloadCount / baselinePayloads)));
console.log(
  `fields per span ${Math.min(...fieldCounts)}–${Math.max(...fieldCounts)} (mean ${(fieldCounts.reduce((a, b) => a + b, 0) / fieldCounts.length).toFixed(1)}), ` +
    `${distinctFields} distinct | bare DuckDB appender, one table: ${fmt(bare.rowsPerSecond)} rows/s, ${bare.bytesPerRow.toFixed(1)} B/row`,
);
baselineEvents.length = 0;

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-realistic-'));
// The server runs the repository's source (as tests do), not a build that may be stale.
const nodeArgs = [
  '--conditions=@flashlight/source',
  ...args['server-flags'].split(' ').filter(Boolean),
  ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-prof'])}`] : []),
];
const server = await spawnServer(dataDir, [], nodeArgs);
const pid = server.child.pid!;
try {
  for (const body of payloads.slice(0, WARM_UP_PAYLOADS)) await postTraces(server.url, body);

  const acks: number[] = [];
  const refused = { 429: 0, 503: 0 } as Record<number, number>;
  let next = WARM_UP_PAYLOADS;
  let peakRss = 0;
  const sampler = setInterval(async () => (peakRss = Math.max(peakRss, await peakRssMiBOf(pid))), 200);
  const serverCpu = await cpuMicrosOf(pid);
  const serverFaults = await minorFaultsOf(pid);
  const clientCpu = process.cpuUsage();
  const started = performance.now();
  const sender = async () => {
    while (next < payloads.length) {
      await postTraces(server.url, payloads[next++], (status) => refused[status]++);
      acks.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, await peakRssMiBOf(pid));
  const spans = payloadCount * spansPerPayload;
  const serverCpuPerSpan = ((await cpuMicrosOf(pid)) - serverCpu) / spans;
  const faultsPerSpan = ((await minorFaultsOf(pid)) - serverFaults) / spans;
  const { user, system } = process.cpuUsage(clientCpu);

  // Stalls: the longest wait between two acknowledgements, and the whole seconds of the
  // run in which none arrived (the senders always had requests waiting).
  let longestGapMs = acks[0] ?? 0;
  for (let i = 1; i < acks.length; i++) longestGapMs = Math.max(longestGapMs, acks[i] - acks[i - 1]);
  const perSecond = new Array<number>(Math.ceil(seconds)).fill(0);
  for (const at of acks) perSecond[Math.floor(at / 1000)] += spansPerPayload;
  let zeroSeconds = 0;
  let longestZeroRun = 0;
  for (let run = 0, s = 0; s < perSecond.length; s++) {
    run = perSecond[s] === 0 ? run + 1 : 0;
    zeroSeconds += perSecond[s] === 0 ? 1 : 0;
    longestZeroRun = Math.max(longestZeroRun, run);
  }

  server.child.kill('SIGTERM');
  await server.exited;
  // The main file, the staging file that takes commits while it checkpoints, and their WALs.
  const files = [DATABASE_FILE, STAGING_FILE].flatMap((name) => [name, `${name}.wal`]);
  const sizes = await Promise.all(files.map((name) => stat(path.join(dataDir, name)).catch(() => null)));
  const bytes = sizes.reduce((sum, size) => sum + (size?.size ?? 0), 0);
  const stored = (payloadCount + WARM_UP_PAYLOADS) * spansPerPayload;

  const spansPerSecond = spans / seconds;
  console.log(
    `OTLP/protobuf over HTTP, ${senders} senders: ${fmt(spansPerSecond)} spans/s (${fmt(spans)} spans in ${seconds.toFixed(1)} s) | ` +
      `bare appender ${fmt(bare.rowsPerSecond)} rows/s | ratio ${(spansPerSecond / bare.rowsPerSecond).toFixed(2)}`,
  );
  console.log(
    `server CPU ${serverCpuPerSpan.toFixed(1)} µs/span (client ${((user + system) / spans).toFixed(1)}), page faults ${faultsPerSpan.toFixed(2)}/span | ` +
      `longest wait between acknowledgements ${fmt(longestGapMs)} ms, seconds with none ${zeroSeconds} (longest run ${longestZeroRun}) | ` +
      `refused 429: ${refused[429]}, 503: ${refused[503]}`,
  );
  console.log(
    `server peak RSS ${fmt(peakRss)} MiB | on disk ${(bytes / stored).toFixed(1)} B/span (${fmt(bytes / 2 ** 20)} MiB for ${fmt(stored)} spans; ` +
      `bare appender ${bare.bytesPerRow.toFixed(1)} B/row, ratio ${(bytes / stored / bare.bytesPerRow).toFixed(2)}) | load ${loadAtStart} → ${machineLoad()}`,
  );
  if (args.timeline) console.log(`spans acknowledged per second: ${perSecond.join(' ')}`);
  if (args.storage) await storageReport(path.join(dataDir, DATABASE_FILE), stored);
} finally {
  if (server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await rm(dataDir, { recursive: true, force: true });
}
