// Records the demo's real traffic for the watcher's end-to-end test, which replays it on a
// clock it moves: a stretch of healthy traffic, then each incident of the guided tour
// switched on for a while and off again, every event as Flashlight stored it and every
// marker the demo posted. `npx tsx apps/demo/src/testing/record-demo-traffic.ts [file]`
// (a quarter of an hour of real time); the fixture it writes is gzipped JSON.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTempServer } from '@flashlight/server/testing';
import type { Marker } from '@flashlight/api';
import { startDemo } from '../launch/start-demo.ts';
import { INCIDENTS, type IncidentName } from '../incidents.ts';
import { freePortBase } from './free-port-base.ts';
import { DEMO_RECORDING_LOAD, type DemoRecording, type RecordedEvent, type RecordedSegment } from './demo-recording.ts';

const HEALTHY_MS = 4 * 60_000;
const INCIDENT_MS = 120_000;
/** After the shop is up, before recording: processes that started together still contend for the machine. */
const WARM_UP_MS = 60_000;
/** Between incidents, long enough for what the last one left behind (a redeploy, open circuits) to settle. */
const SETTLE_MS = 40_000;
const SERVICES = ['storefront', 'web', 'identity', 'catalog', 'reviews', 'orders'];

const out = process.argv[2] ?? fileURLToPath(new URL('./fixtures/demo-traffic.json.gz', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

const flashlight = await startTempServer();
const demoDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-demo-record-'));
const demo = await startDemo({ flashlightUrl: flashlight.url, dataDir: demoDir, basePort: await freePortBase(), browsers: 0, ...DEMO_RECORDING_LOAD, log });

async function get<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${flashlight.url}${pathAndQuery}`);
  if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

try {
  // Every service has sent something: the shop is up and its traffic flows.
  for (;;) {
    const datasets = await get<Array<{ name: string }>>('/api/v1/datasets');
    if (SERVICES.every((s) => datasets.some((d) => d.name === s))) break;
    await sleep(2000);
  }
  await sleep(WARM_UP_MS);
  const start = Date.now();
  const segments: RecordedSegment[] = [];
  log('healthy traffic');
  await sleep(HEALTHY_MS);
  segments.push({ name: 'healthy', from: start, to: Date.now() });
  for (const incident of Object.keys(INCIDENTS) as IncidentName[]) {
    log(`${incident} on`);
    const from = Date.now();
    await demo.setIncident(incident, true);
    await sleep(INCIDENT_MS);
    await demo.setIncident(incident, false);
    segments.push({ name: incident, from, to: Date.now() });
    log(`${incident} off`);
    await sleep(SETTLE_MS);
  }
  const end = Date.now();
  const range = `start_time=${Math.floor(start / 1000)}&end_time=${Math.ceil(end / 1000)}`;
  const datasets: Record<string, RecordedEvent[]> = {};
  for (const { name } of await get<Array<{ name: string }>>('/api/v1/datasets')) {
    const response = await fetch(`${flashlight.url}/api/v1/export?dataset=${encodeURIComponent(name)}&${range}`);
    const lines = (await response.text()).split('\n').filter(Boolean);
    datasets[name] = lines.map((line) => {
      const { time, samplerate, data } = JSON.parse(line) as { time: string; samplerate: number; data: Record<string, unknown> };
      return { at: Date.parse(time) - start, samplerate, data };
    });
    log(`${name}: ${lines.length} events`);
  }
  // The change ledger's markers come again when the events are replayed; the demo's own deploy markers do not.
  const markers = (await get<Marker[]>(`/api/v1/markers?${range}`))
    .filter((m) => m.source === 'api')
    .map((m) => ({ type: m.type, message: m.message, dataset: m.dataset, at: m.start_time * 1000 - start }));
  const recording: DemoRecording = {
    load: DEMO_RECORDING_LOAD,
    durationMs: end - start,
    segments: segments.map((s) => ({ ...s, from: s.from - start, to: s.to - start })),
    markers,
    datasets,
  };
  await writeFile(out, gzipSync(JSON.stringify(recording), { level: 9 }));
  log(`wrote ${out}`);
} finally {
  await demo.stop();
  await flashlight.dispose();
  await rm(demoDir, { recursive: true, force: true });
}
