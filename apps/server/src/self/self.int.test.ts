// /readyz and /metrics on a real server. The data directory is made immutable with
// `chattr +i` (tests run as root, whom chmod does not stop; an immutable directory
// refuses new files even to root, as a read-only remount would), then made writable again.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';

let server: TempServer;

function chattr(flag: '+i' | '-i', dir: string): void {
  try {
    execFileSync('chattr', [flag, dir]);
  } catch (error) {
    throw new Error(
      `chattr ${flag} failed (${(error as Error).message}); install e2fsprogs (apt-get install e2fsprogs) and run on a filesystem with inode flags (ext4, xfs)`,
      { cause: error },
    );
  }
}

beforeAll(async () => {
  server = await startMemoryServer({ grpcPort: 'off' });
});

afterAll(async () => {
  await server?.dispose();
});

const readyz = async () => {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; checks: { name: string; ok: boolean; error?: string }[] } };
};

test('/readyz fails while the data directory refuses writes, and recovers after', async () => {
  expect((await readyz()).status).toBe(200);
  chattr('+i', server.dataDir);
  let failing;
  try {
    failing = await readyz();
  } finally {
    chattr('-i', server.dataDir);
  }
  expect(failing.status).toBe(503);
  expect(failing.body.ready).toBe(false);
  expect(failing.body.checks.find((check) => check.name === 'data directory accepts a new file')).toMatchObject({
    ok: false,
    error: expect.stringMatching(/EPERM|not permitted/),
  });
  const recovered = await readyz();
  expect(recovered.body.checks.filter((check) => !check.ok)).toEqual([]);
  expect(recovered.status).toBe(200);
});

test('/metrics counts responses, committed events and bytes, and commit and query latency', async () => {
  const batch = [{ data: { route: '/cart' } }, { data: { route: '/pay' } }];
  const body = JSON.stringify(batch);
  expect((await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body })).status).toBe(200);
  await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset: 'shop', query: { calculations: [{ op: 'COUNT' }] } }) });
  await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset: 'nope', query: {} }) });

  const response = await fetch(`${server.url}/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
  const text = await response.text();
  expect(text).toContain('flashlight_ingest_events_total 2\n');
  expect(text).toContain(`flashlight_ingest_bytes_total{transport="http"} ${Buffer.byteLength(body)}\n`);
  expect(text).toMatch(/flashlight_http_responses_total\{status="404"\} 1\n/);
  expect(text).toMatch(/flashlight_commit_seconds_count 1\n/);
  expect(text).toMatch(/flashlight_query_seconds_count 2\n/);
  expect(text).toContain('flashlight_ingest_pending_events 0\n');
});
