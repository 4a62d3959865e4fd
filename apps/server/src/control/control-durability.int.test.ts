// A key change is durable once acknowledged: the server is killed with SIGKILL right
// after creating or revoking a key, and after a restart the key works (or stays
// revoked) and the audit log holds the change.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../testing/server-process.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const json = { 'content-type': 'application/json' };

describe('control plane durability', () => {
  it('keeps created and revoked keys through SIGKILL', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-control-'));
    dirs.push(dataDir);

    let server = await spawnServer(dataDir);
    const created = await fetch(`${server.url}/api/v1/keys`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'ops', kind: 'admin', environment: 'prod' }),
    });
    expect(created.status).toBe(201);
    const admin = (await created.json()) as { key: string; id: string };
    const ingest = (await (
      await fetch(`${server.url}/api/v1/keys`, {
        method: 'POST',
        headers: { ...json, 'x-honeycomb-team': admin.key },
        body: JSON.stringify({ name: 'old', kind: 'ingest', environment: 'prod' }),
      })
    ).json()) as { key: string; id: string };
    expect((await fetch(`${server.url}/api/v1/keys/${ingest.id}`, { method: 'DELETE', headers: { 'x-honeycomb-team': admin.key } })).status).toBe(200);
    server.child.kill('SIGKILL');
    await server.exited;

    server = await spawnServer(dataDir);
    try {
      expect((await fetch(`${server.url}/api/v1/datasets`)).status, 'still closed: the key survived').toBe(401);
      const whoami = await fetch(`${server.url}/api/v1/whoami`, { headers: { 'x-honeycomb-team': admin.key } });
      expect(await whoami.json()).toMatchObject({ environment: 'prod', kind: 'admin', keyId: admin.id });
      const revoked = await fetch(`${server.url}/1/events/x`, { method: 'POST', headers: { ...json, 'x-honeycomb-team': ingest.key }, body: '{}' });
      expect(revoked.status, 'still revoked').toBe(401);
      const audit = (await (await fetch(`${server.url}/api/v1/audit`, { headers: { 'x-honeycomb-team': admin.key } })).json()) as Array<{ action: string }>;
      expect(audit.map((e) => e.action)).toEqual(['key.revoke', 'key.create', 'key.create']);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });
});
