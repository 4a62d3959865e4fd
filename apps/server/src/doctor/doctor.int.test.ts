// `flashlight doctor` on real data directories: healthy, held by a running server,
// with a catalog that disagrees with its tables, missing; and the CLI's exit code.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../server.ts';
import { FLASHLIGHT_CLI, spawnServer } from '../testing/server-process.ts';
import { DATABASE_FILE } from '../store/duckdb/index.ts';
import { runDoctor } from './run-doctor.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function dataDirWithEvents(): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-doctor-'));
  dirs.push(dataDir);
  const server = await startServer({ port: 0, dataDir, quiet: true }, { env: {} });
  const response = await fetch(`${server.url}/1/batch/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ data: { route: '/a', ms: 3 } }, { data: { route: '/b', ok: true } }]),
  });
  expect(response.status).toBe(200);
  await server.close();
  return dataDir;
}

const problems = (findings: Awaited<ReturnType<typeof runDoctor>>) => findings.filter((f) => !f.ok);

describe('flashlight doctor', () => {
  it('finds nothing wrong with a healthy, stopped data directory', async () => {
    const findings = await runDoctor({ dataDir: await dataDirWithEvents() });
    expect(problems(findings)).toEqual([]);
    expect(findings.map((f) => f.check)).toEqual(['data directory', 'free disk space', 'store lock', 'store catalog', 'API keys']);
    expect(findings.find((f) => f.check === 'store catalog')!.detail).toContain('1 datasets');
  });

  it('sees the lock of a running server and checks its health', async () => {
    const dataDir = await dataDirWithEvents();
    const server = await spawnServer(dataDir);
    try {
      const findings = await runDoctor({ dataDir, url: server.url });
      expect(problems(findings)).toEqual([]);
      expect(findings.find((f) => f.check === 'store lock')!.detail).toContain(`process ${server.child.pid}`);
      expect(findings.find((f) => f.check === 'server')!.detail).toContain('is up');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('reports a catalog that disagrees with the tables, and what to do', async () => {
    const dataDir = await dataDirWithEvents();
    const instance = await DuckDBInstance.create(path.join(dataDir, DATABASE_FILE));
    const connection = await instance.connect();
    await connection.run(`INSERT INTO fl_datasets VALUES ('default', 'ghost', 'ds_999', now()::TIMESTAMP, NULL)`);
    await connection.run(`CREATE TABLE ds_998 (ts TIMESTAMP, sample_rate DOUBLE)`);
    connection.closeSync();
    instance.closeSync();
    const [catalog] = problems(await runDoctor({ dataDir }));
    expect(catalog.check).toBe('store catalog');
    expect(catalog.detail).toContain('every dataset in the catalog has its table: not so for ds_999');
    expect(catalog.detail).toContain('every dataset table is in the catalog: not so for ds_998');
    expect(catalog.fix).toMatch(/backup/);
  });

  it('checks the server on the default port without --url', async () => {
    const { FLASHLIGHT_URL: _named, ...env } = process.env;
    const run: { stdout: string } = await promisify(execFile)(process.execPath, [FLASHLIGHT_CLI, 'doctor', '--data', await dataDirWithEvents()], { env }).catch(
      (error) => error,
    );
    // Whether or not a server runs there on this machine, the default address is checked.
    expect(run.stdout).toMatch(/ {2}server: .*http:\/\/127\.0\.0\.1:4318/);
  });

  it('says what to do about a missing directory and an unreachable server, and exits 1', async () => {
    const missing = path.join(os.tmpdir(), 'flashlight-doctor-missing-dir');
    const findings = await runDoctor({ dataDir: missing, url: 'http://127.0.0.1:9' });
    expect(problems(findings).map((f) => f.check)).toEqual(['data directory', 'server']);
    expect(findings.every((f) => f.ok || (f.fix ?? '').length > 10)).toBe(true);
    const run: { code?: number; stdout: string } = await promisify(execFile)(process.execPath, [FLASHLIGHT_CLI, 'doctor', '--data', missing]).catch(
      (error) => error,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('PROBLEM  data directory');
    expect(run.stdout).toContain('what to do:');
  });
});
