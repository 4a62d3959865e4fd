// `flashlight query` as a user runs it: the real command against a real server.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '@flashlight/server';
import { runFlashlight } from '../testing/run-flashlight.ts';

let server: RunningServer;
let dataDir: string;

const flashlight = (...args: string[]) => runFlashlight(server.url, ...args);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'flashlight-cli-query-'));
  server = await startServer({ port: 0, dataDir, quiet: true });
  const now = Date.now();
  const events = [
    { route: '/cart', status: 200, duration: 12.5 },
    { route: '/cart', status: 503, duration: 300.25 },
    { route: '/checkout', status: 500, duration: 900.75 },
    { route: '/checkout', status: 502, duration: 450.5 },
    { route: '/checkout', status: 200, duration: 80.5 },
  ].map((e, i) => ({
    time: new Date(now - 60_000 + i * 1000).toISOString(),
    data: { 'http.route': e.route, 'http.status_code': e.status, duration_ms: e.duration },
  }));
  expect((await fetch(`${server.url}/1/batch/api`, { method: 'POST', body: JSON.stringify(events) })).status).toBe(200);
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('flashlight query', () => {
  test('prints an aligned table of the totals', async () => {
    const { code, stdout } = await flashlight(
      'query',
      'api',
      '--calc',
      'P99(duration_ms)',
      '--calc',
      'COUNT',
      '--where',
      'http.status_code >= 500',
      '--by',
      'http.route',
      '--last',
      '1h',
    );
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'http.route  P99(duration_ms)  COUNT',
        '----------  ----------------  -----',
        '/checkout             900.75      2',
        '/cart                 300.25      1',
        '',
      ].join('\n'),
    );
  });

  test('--order and --having rank and keep groups', async () => {
    const { code, stdout } = await flashlight('query', 'api', '--by', 'http.route', '--order', 'COUNT asc', '--having', 'COUNT >= 2', '--last', '1h');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(2, 4)).toEqual(['/cart           2', '/checkout       3']);
  });

  test('--json prints the result and --spec reads a spec file the flags add to', async () => {
    const specFile = path.join(dataDir, 'spec.json');
    await writeFile(specFile, JSON.stringify({ calculations: [{ op: 'MAX', column: 'duration_ms' }], time_range: 3600 }));
    const { code, stdout } = await flashlight('query', 'api', '--spec', specFile, '--where', 'http.route = /cart', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).data.results).toEqual([{ data: { 'MAX(duration_ms)': 300.25 } }]);
  });

  test('with nothing to calculate or group by, prints the matching events with their fields', async () => {
    const { code, stdout } = await flashlight('query', 'api', '--where', 'http.route = /cart', '--last', '1h');
    expect(code).toBe(0);
    const [header, , ...rows] = stdout.trimEnd().split('\n');
    expect(header.split(/\s+/)).toEqual(['timestamp', 'http.route', 'http.status_code', 'duration_ms']);
    // Newest first, every field filled in.
    expect(rows.map((row) => row.split(/\s+/).slice(1))).toEqual([
      ['/cart', '503', '300.25'],
      ['/cart', '200', '12.5'],
    ]);
  });

  test("a bad spec fails with the server's message", async () => {
    const { code, stderr } = await flashlight('query', 'api', '--calc', 'P99(duraton_ms)');
    expect(code).toBe(1);
    expect(stderr).toBe('query failed (400): calculations[0].column: no column "duraton_ms" in dataset "api"; did you mean "duration_ms"?\n');
  });
});
