// `flashlight export` and `flashlight query --csv` as a user runs them, against a real server.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startMemoryServer, type TempServer } from '@flashlight/server/testing';
import { runFlashlight } from '../testing/run-flashlight.ts';

let server: TempServer;

const flashlight = (...args: string[]) => runFlashlight(server.url, ...args);

beforeAll(async () => {
  server = await startMemoryServer({ grpcPort: 'off' });
  const now = Date.now();
  const events = ['/cart', '/cart', '/checkout'].map((route, i) => ({
    time: new Date(now - 60_000 + i * 1000).toISOString(),
    data: { 'http.route': route, n: i },
  }));
  expect((await fetch(`${server.url}/1/batch/api`, { method: 'POST', body: JSON.stringify(events) })).status).toBe(200);
});

afterAll(async () => {
  await server?.dispose();
});

test('export writes the matching events as NDJSON, oldest first', async () => {
  const output = path.join(server.dataDir, 'cart.ndjson');
  const run = await flashlight('export', 'api', '--where', 'http.route = /cart', '--last', '1h', '-o', output);
  expect(run.stderr).toBe('2 events exported\n');
  expect(run.code).toBe(0);
  const lines = (await readFile(output, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { data: Record<string, unknown> });
  expect(lines.map((line) => line.data)).toEqual([
    { 'http.route': '/cart', n: 0 },
    { 'http.route': '/cart', n: 1 },
  ]);
});

test('export of an unknown dataset fails with the server message', async () => {
  const run = await flashlight('export', 'nope');
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('export failed (404): no dataset "nope"\n');
});

test('query --csv prints the totals as CSV', async () => {
  const run = await flashlight('query', 'api', '--by', 'http.route', '--order', 'http.route asc', '--last', '1h', '--csv');
  expect(run.code).toBe(0);
  expect(run.stdout).toBe('http.route,COUNT\r\n/cart,2\r\n/checkout,1\r\n');
});
