// Self-telemetry on a server: off unless asked for; on, the server's own ingest and query
// work shows up as events in the `flashlight` dataset, one per interval of its clock.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseServerConfig } from '../config.ts';
import { TestClock } from '../clock/test-clock.ts';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';

const INTERVAL_MS = 10_000;
const clock = new TestClock(Date.now());
let server: TempServer;

beforeAll(async () => {
  server = await startMemoryServer({ grpcPort: 'off', selfTelemetry: true, selfTelemetryIntervalMs: INTERVAL_MS }, { clock });
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
  // One interval later its sample is stored, stamped then; the query's range ends a second after.
  await clock.advance(INTERVAL_MS + 1000);
  const response = await query('flashlight', spec);
  expect(response.status).toBe(200);
  const totals = ((await response.json()) as { data: { results: { data: Record<string, number> }[] } }).data.results[0]?.data ?? {};
  expect(totals['SUM(ingest.events)']).toBe(3);
  expect(totals['SUM(ingest.batches)']).toBe(1);
  expect(totals['SUM(query.count)']).toBeGreaterThanOrEqual(1);
});
