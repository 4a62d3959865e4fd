// `flashlight derived` against a running server: create, list, show and delete a derived
// column, in text and with --json; a broken expression is refused with the checker's words.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemoryServer, type TempServer } from '@flashlight/server/testing';

const CLI = fileURLToPath(new URL('../../bin/flashlight.js', import.meta.url));
let server: TempServer;

async function flashlight(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args, '--url', server.url], {
      env: { ...process.env, FLASHLIGHT_API_KEY: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  server = await startMemoryServer();
  const event = { data: { duration_ms: 12, 'http.status_code': 503 }, time: new Date().toISOString() };
  expect((await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body: JSON.stringify([event]) })).status).toBe(200);
});
afterAll(async () => server?.dispose());

describe('flashlight derived', () => {
  it('creates, lists, shows and deletes a derived column', async () => {
    const created = await flashlight('derived', 'create', 'shop', '--alias', 'is_error', '--expression', 'GTE($http.status_code, 500)', '--json');
    expect(created.code, created.stderr).toBe(0);
    const column = JSON.parse(created.stdout) as { id: string; alias: string };
    expect(column.alias).toBe('is_error');

    expect((await flashlight('derived', 'list', 'shop')).stdout).toBe(`${column.id}  is_error  GTE($http.status_code, 500)\n`);
    expect(JSON.parse((await flashlight('derived', 'show', 'shop', 'is_error', '--json')).stdout)).toMatchObject({ id: column.id, alias: 'is_error' });

    const broken = await flashlight('derived', 'create', 'shop', '--alias', 'slow', '--expression', 'GT($duraton_ms, 100)');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('no column "duraton_ms"; did you mean $duration_ms? at 1:4');

    expect((await flashlight('derived', 'delete', 'shop', 'is_error')).stdout).toBe(`deleted is_error (${column.id})\n`);
    expect(JSON.parse((await flashlight('derived', 'list', 'shop', '--json')).stdout)).toEqual([]);
  });
});
