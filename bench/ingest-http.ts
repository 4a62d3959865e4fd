// Ingest benchmark: OTLP protobuf spans (about ten attributes each) POSTed to a real
// `flashlight serve` process, until every request is acknowledged (that is, committed),
// beside the bare DuckDB appender fed the same spans already decoded, in the same run.
// The CPU time of the server and of this client per span shows where the two cores went.
//   npx tsx bench/ingest-http.ts [payloads=50] [spansPerPayload=1000] [rounds=20] [concurrency=8]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeTraces, spawnServer } from '@flashlight/server/testing';
import { makeSpanPayloads } from './data/otlp-span-payloads.ts';
import { bareAppenderRowsPerSecond } from './bare-appender.ts';
import { cpuMicrosOf, peakRssMiBOf, postTraces } from './otlp-sender.ts';
import { machineLoad } from './machine-load.ts';

export interface IngestHttpResult {
  spans: number;
  spansPerSecond: number;
  bareRowsPerSecond: number;
  peakRssMiB: number;
  serverCpuMicrosPerSpan: number;
  clientCpuMicrosPerSpan: number;
}

export async function benchIngestHttp(options: { payloads: number; spansPerPayload: number; rounds: number; concurrency: number }): Promise<IngestHttpResult> {
  const { payloads } = makeSpanPayloads(options.payloads, options.spansPerPayload);
  const decoded = payloads.flatMap((p) => decodeTraces(p, 'protobuf', 'default').batches.flatMap((b) => b.events));

  const bareRowsPerSecond = await bareAppenderRowsPerSecond(decoded, options.rounds);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-bench-ingest-'));
  const server = await spawnServer(dataDir);
  let peakRss = 0;
  const sampleRss = async () => {
    peakRss = Math.max(peakRss, await peakRssMiBOf(server.child.pid!));
  };
  try {
    // Warm up: first requests create the tables and columns.
    for (const body of payloads.slice(0, 5)) await postTraces(server.url, body);
    const total = payloads.length * options.rounds;
    let next = 0;
    const serverCpu = await cpuMicrosOf(server.child.pid!);
    const clientCpu = process.cpuUsage();
    const started = performance.now();
    const worker = async () => {
      while (next < total) {
        const body = payloads[next++ % payloads.length];
        await postTraces(server.url, body);
      }
    };
    const sampler = setInterval(sampleRss, 200);
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    clearInterval(sampler);
    await sampleRss();
    const seconds = (performance.now() - started) / 1000;
    const spans = total * options.spansPerPayload;
    const { user, system } = process.cpuUsage(clientCpu);
    return {
      spans,
      spansPerSecond: spans / seconds,
      bareRowsPerSecond,
      peakRssMiB: peakRss,
      serverCpuMicrosPerSpan: ((await cpuMicrosOf(server.child.pid!)) - serverCpu) / spans,
      clientCpuMicrosPerSpan: (user + system) / spans,
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [payloads = 50, spansPerPayload = 1000, rounds = 20, concurrency = 8] = process.argv.slice(2).map(Number);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const result = await benchIngestHttp({ payloads, spansPerPayload, rounds, concurrency });
  console.log(
    `OTLP/protobuf over HTTP into flashlight serve: ${fmt(result.spansPerSecond)} spans/s (${fmt(result.spans)} spans, ${concurrency} clients) | ` +
      `bare DuckDB appender: ${fmt(result.bareRowsPerSecond)} rows/s | ratio ${(result.spansPerSecond / result.bareRowsPerSecond).toFixed(2)} | ` +
      `server peak RSS ${fmt(result.peakRssMiB)} MiB | CPU per span: server ${result.serverCpuMicrosPerSpan.toFixed(1)} µs, ` +
      `client ${result.clientCpuMicrosPerSpan.toFixed(1)} µs | load ${machineLoad()}`,
  );
}
