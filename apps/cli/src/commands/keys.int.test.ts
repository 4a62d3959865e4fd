// `flashlight keys` as operators use it: offline on a stopped server's data directory,
// then through the running server, and the bootstrap of an open loopback server.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FLASHLIGHT_CLI, spawnServer } from '@flashlight/server/testing';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function flashlight(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [FLASHLIGHT_CLI, ...args], { env: { ...process.env, FLASHLIGHT_API_KEY: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-cli-keys-'));
  dirs.push(dir);
  return dir;
}

describe('flashlight keys', () => {
  it('creates the first key offline, after which the server may listen beyond loopback', async () => {
    const data = await dataDir();
    const refused = await spawnServer(data, ['--host', '0.0.0.0']).catch((error: Error) => error);
    expect(String(refused)).toContain('flashlight keys create --data DIR --kind admin --environment prod --name ops');

    const created = await flashlight('keys', 'create', '--data', data, '--kind', 'admin', '--environment', 'prod', '--name', 'ops');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^fl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('it is not shown again');

    const server = await spawnServer(data, ['--host', '0.0.0.0']);
    try {
      const url = server.url.replace('0.0.0.0', '127.0.0.1');
      const offline = await flashlight('keys', 'list', '--data', data);
      expect(offline.code).toBe(1);
      expect(offline.stderr).toContain('in use by a running Flashlight server');

      const ingest = await flashlight('keys', 'create', '--url', url, '--api-key', key, '--kind', 'ingest', '--environment', 'prod', '--name', 'checkout');
      expect(ingest.code).toBe(0);
      const listed = await flashlight('keys', 'list', '--url', url, '--api-key', key);
      expect(listed.stdout).toMatch(/admin\s+prod\s+ops\s+\(active\)/);
      expect(listed.stdout).toMatch(/ingest\s+prod\s+checkout\s+\(active\)/);
      expect(listed.stdout).not.toContain(key);

      const id = /^([0-9a-f]{12})\s+ingest/m.exec(listed.stdout)![1];
      expect((await flashlight('keys', 'revoke', id, '--url', url, '--api-key', key)).code).toBe(0);
      expect((await flashlight('keys', 'list', '--url', url, '--api-key', key)).stdout).toMatch(/checkout\s+\(revoked/);
      const noKey = await flashlight('keys', 'list', '--url', url);
      expect(noKey.code).toBe(1);
      expect(noKey.stderr).toContain('401');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 180_000); // nine flashlight processes in a row, three of them servers

  it('bootstraps an open loopback server with its first key, which closes it', async () => {
    const server = await spawnServer(await dataDir());
    try {
      const created = await flashlight('keys', 'create', '--url', server.url, '--kind', 'admin', '--environment', 'prod', '--name', 'ops');
      expect(created.code).toBe(0);
      expect((await fetch(`${server.url}/api/v1/datasets`)).status).toBe(401);
      const again = await flashlight('keys', 'create', '--url', server.url, '--kind', 'admin', '--environment', 'prod', '--name', 'second');
      expect(again.code, 'no second key without the first').toBe(1);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 120_000);

  it('says what is wrong with bad options', async () => {
    const result = await flashlight('keys', 'create', '--data', await dataDir(), '--kind', 'root', '--environment', 'prod', '--name', 'x');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--kind');
  });
});
