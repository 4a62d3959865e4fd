// Self-telemetry on a real server: off unless asked for; on, the server's own ingest and
// query work shows up as events in the `flashlight` dataset.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseServerConfig } from '../config.ts';
import { startTempServer, type TempServer } from '../testing/temp-server.ts';

let server: TempServer;

beforeAll(async () => {
  server = await startTempServer({ grpcPort: 'off', selfTelemetry: true, selfTelemetryIntervalMs: 200 });
});

afterAll(async () => {
  await server?.dispose();
});

const query = (dataset: string, spec: unknown) => fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset, query: spec }) });

test('off by default; FLASHLIGHT_SELF_TELEMETRY=true turns it on, false leaves it off', () => {
  expect(parseServerConfig({}, {}).selfTelemetry).toBe(false);
  expect(parseServerConfig({}, { FLASHLIGHT_SELF_TELEMETRY: 'true' }).selfTelemetry).toBe(true);
  expect(parseServerConfig({}, { FLASHLIGHT_SELF_TELEMETRY: 'false' }).selfTelemetry).toBe(false);
});

test('ingest batches, committed events and queries are sampled into the flashlight dataset', async () => {
  const batch = [{ data: { route: '/a' } }, { data: { route: '/b' } }, { data: { route: '/c' } }];
  expect((await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body: JSON.stringify(batch) })).status).toBe(200);
  expect((await query('shop', { calculations: [{ op: 'COUNT' }] })).status).toBe(200);
  const spec = {
    calculations: [
      { op: 'SUM', column: 'ingest.events' },
      { op: 'SUM', column: 'ingest.batches' },
      { op: 'SUM', column: 'query.count' },
    ],
    time_range: 600,
  };
  // Sampled every interval: a few seconds, far more when the machine is busy.
  const deadline = Date.now() + 60_000;
  let totals: Record<string, number> = {};
  while (Date.now() < deadline) {
    const response = await query('flashlight', spec);
    if (response.status === 200) {
      totals = ((await response.json()) as { data: { results: { data: Record<string, number> }[] } }).data.results[0]?.data ?? {};
      if (totals['SUM(query.count)'] >= 1) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(totals['SUM(ingest.events)']).toBe(3);
  expect(totals['SUM(ingest.batches)']).toBe(1);
  expect(totals['SUM(query.count)']).toBeGreaterThanOrEqual(1);
});
