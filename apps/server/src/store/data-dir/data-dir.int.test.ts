// The data directory on disk: private to the user running Flashlight (0700, files 0600,
// the WAL DuckDB makes later included), and a restart right after a stop waits for the
// exiting server's lock instead of failing on it.
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { startTempServer } from '../../testing/temp-server.ts';
import { spawnServer, spawnServerProcess } from '../../testing/server-process.ts';
import { DATABASE_FILE } from '../duckdb/duckdb-store.ts';

const roots: string[] = [];
afterAll(async () => Promise.all(roots.map((d) => rm(d, { recursive: true, force: true }))));

async function freshDir(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'flashlight-datadir-'));
  roots.push(root);
  return path.join(root, 'data');
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('the data directory', () => {
  it('is 0700 with every file in it 0600, written or not', async () => {
    const dataDir = await freshDir();
    const server = await startTempServer({ dataDir, grpcPort: 'off' });
    try {
      expect((await fetch(`${server.url}/1/events/private`, { method: 'POST', body: '{"user.id":"u-1"}' })).status).toBe(200);
      const files = readdirSync(dataDir);
      expect(files).toEqual(expect.arrayContaining([DATABASE_FILE, 'control.duckdb', `${DATABASE_FILE}.wal`]));
      expect(modeOf(dataDir).toString(8)).toBe('700');
      for (const file of files) expect(`${file} ${modeOf(path.join(dataDir, file)).toString(8)}`).toBe(`${file} 600`);
    } finally {
      await server.close();
    }
  });

  it('lets a restart wait for the lock of a server that is stopping, and a stopped one holds none', { timeout: 120_000 }, async () => {
    const dataDir = await freshDir();
    const first = await spawnServer(dataDir, ['--grpc-port', 'off']);
    const second = spawnServerProcess(dataDir, ['--grpc-port', 'off']);
    await second.logged(/is locked by another process; waiting/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const [, url] = await second.logged(/listening on (http:\/\/[^\s"]+)/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    // Exited means closed: the file opens at once, with no lock left behind.
    const instance = await DuckDBInstance.create(path.join(dataDir, DATABASE_FILE));
    instance.closeSync();
  });
});
