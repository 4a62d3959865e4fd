// `npm run bench`: every benchmark, each printed as a ratio against a baseline run in
// the same process. `npm run bench -- --quick` runs small sizes.
import os from 'node:os';
import { benchIngestHttp } from './ingest-http.ts';
import { benchIngestStore, medianRatio } from './ingest-store.ts';

const quick = process.argv.includes('--quick');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(`Flashlight benchmarks on ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);

const ingest = await benchIngestHttp(quick ? { payloads: 20, spansPerPayload: 500, rounds: 5, concurrency: 4 } : { payloads: 50, spansPerPayload: 1000, rounds: 20, concurrency: 8 });
console.log(
  `ingest OTLP/protobuf over HTTP: ${fmt(ingest.spansPerSecond)} spans/s (${fmt(ingest.spans)} spans) | ` +
    `bare DuckDB appender: ${fmt(ingest.bareRowsPerSecond)} rows/s | ratio ${(ingest.spansPerSecond / ingest.bareRowsPerSecond).toFixed(2)} | ` +
    `server peak RSS ${fmt(ingest.peakRssMiB)} MiB`,
);

const store = await benchIngestStore(quick ? { payloads: 20, spansPerPayload: 1000, rounds: 3, inFlight: 16 } : { payloads: 100, spansPerPayload: 1000, rounds: 3, inFlight: 16 });
const storeRates = store.rounds.map((r) => r.spansPerSecond).sort((a, b) => a - b);
console.log(
  `DuckDB store.append: ${fmt(storeRates[Math.floor(storeRates.length / 2)])} spans/s (${fmt(store.spans)} spans, median round) | ` +
    `ratio to the bare DuckDB appender, median of ${store.rounds.length} alternating rounds: ${medianRatio(store.rounds).toFixed(2)}`,
);
