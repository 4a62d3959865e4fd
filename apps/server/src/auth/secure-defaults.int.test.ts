// Secure defaults and key life cycle on a real server: no keys means open on loopback
// only; the first key closes it for good, even once every key is revoked; browser
// origins only as configured; per-key limits; revocation and the audit log.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../server.ts';
import { ENGINES, startMemoryServer, startTempServerOn } from '../testing/temp-server.ts';
import { startServerWithKeys } from '../hardening/server-with-keys.ts';
import { NoKeysError } from './open-mode.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const json = { 'content-type': 'application/json' };

describe('secure defaults', () => {
  it('refuses to listen beyond loopback without keys, saying how to create one', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-nokeys-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const start = startServer({ host: '0.0.0.0', port: 0, dataDir, quiet: true }, { env: {} });
    await expect(start).rejects.toThrow(NoKeysError);
    await expect(start).rejects.toThrow('flashlight keys create --data DIR --kind admin --environment prod --name ops');
  });

  it('listens beyond loopback once a key exists, and wants it on every API call', async () => {
    const { server, keys } = await startServerWithKeys([{ name: 'ops', kind: 'admin', environment: 'prod' }], { host: '0.0.0.0' }, { engine: 'memory' });
    cleanups.push(() => server.dispose());
    const url = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${url}/api/v1/datasets`)).status).toBe(401);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const whoami = await fetch(`${url}/api/v1/whoami`, { headers: { authorization: `Bearer ${keys[0].text}` } });
    expect(await whoami.json()).toEqual({ environment: 'prod', kind: 'admin', name: 'ops', keyId: keys[0].id, open: false });
  });

  it('runs open on loopback until the first key is made through it', async () => {
    const server = await startMemoryServer();
    cleanups.push(() => server.dispose());
    expect(await (await fetch(`${server.url}/api/v1/whoami`)).json()).toMatchObject({ environment: 'default', kind: 'open', open: true });
    const created = await fetch(`${server.url}/api/v1/keys`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'ops', kind: 'admin', environment: 'prod' }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    expect((await fetch(`${server.url}/api/v1/datasets`)).status, 'closed once a key exists').toBe(401);
    expect((await fetch(`${server.url}/1/events/x`, { method: 'POST', headers: json, body: '{}' })).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/datasets`, { headers: { 'x-honeycomb-team': key } })).status).toBe(200);
  });

  it.each(ENGINES)('stays closed on %s once every key is revoked, and after a restart', { timeout: 120_000 }, async (engine) => {
    const server = await startTempServerOn(engine, { grpcPort: 'off' }, { shards: 2 });
    cleanups.push(() => server.dispose());
    const created = await fetch(`${server.url}/api/v1/keys`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'ops', kind: 'admin', environment: 'default' }),
    });
    const admin = (await created.json()) as { id: string; key: string };
    const asAdmin = { ...json, 'x-honeycomb-team': admin.key };
    const ingest = (await (
      await fetch(`${server.url}/api/v1/keys`, {
        method: 'POST',
        headers: asAdmin,
        body: JSON.stringify({ name: 'svc', kind: 'ingest', environment: 'default' }),
      })
    ).json()) as { id: string; key: string };
    expect(
      (await fetch(`${server.url}/1/events/orders`, { method: 'POST', headers: { ...json, 'x-honeycomb-team': ingest.key }, body: '{"user.id":"u-1"}' }))
        .status,
    ).toBe(200);
    const query = JSON.stringify({ dataset: 'orders', query: { calculations: [{ op: 'COUNT' }], time_range: 600 } });
    expect((await fetch(`${server.url}/api/v1/query`, { method: 'POST', headers: asAdmin, body: query })).status).toBe(200);

    // Incident response: every key goes, the admin's own last.
    for (const id of [ingest.id, admin.id]) expect((await fetch(`${server.url}/api/v1/keys/${id}`, { method: 'DELETE', headers: asAdmin })).status).toBe(200);

    const closed = async (url: string) => {
      const newKey = await fetch(`${url}/api/v1/keys`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: 'intruder', kind: 'admin', environment: 'default' }),
      });
      expect(newKey.status, 'no key can be made without one').toBe(401);
      expect((await fetch(`${url}/api/v1/query`, { method: 'POST', headers: json, body: query })).status, 'nothing can be read without a key').toBe(401);
      expect((await fetch(`${url}/api/v1/datasets`)).status).toBe(401);
      expect((await fetch(`${url}/1/events/orders`, { method: 'POST', headers: json, body: '{}' })).status).toBe(401);
      expect(await (await fetch(`${url}/api/v1/whoami`)).json()).not.toMatchObject({ open: true });
      const revoked = await fetch(`${url}/api/v1/query`, { method: 'POST', headers: asAdmin, body: query });
      expect(revoked.status, 'the revoked admin key stays revoked').toBe(401);
      expect(((await revoked.json()) as { error: string }).error).toContain('revoked');
    };
    await closed(server.url);

    await server.close();
    const { dataDir, store, clickhouseUrl, clickhouseCluster } = server.config;
    const restarted = await startServer({ port: 0, grpcPort: 'off', quiet: true, dataDir, store, clickhouseUrl, clickhouseCluster }, { env: {} });
    try {
      await closed(restarted.url);
    } finally {
      await restarted.close();
    }
  });

  it('rejects bad key requests with a clear 400', async () => {
    const server = await startMemoryServer();
    cleanups.push(() => server.dispose());
    for (const body of [
      '{',
      '[]',
      '{"name":"x","kind":"root","environment":"prod"}',
      '{"name":"x","kind":"admin","environment":"../etc"}',
      '{"name":"","kind":"admin","environment":"prod"}',
      '{"name":"x","kind":"admin","environment":"prod","extra":1}',
    ]) {
      const response = await fetch(`${server.url}/api/v1/keys`, { method: 'POST', headers: json, body });
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: string }).error.length).toBeGreaterThan(10);
    }
  });
});

describe('browser origins', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-honeycomb-team' },
    });

  it('allows any origin in open loopback mode', async () => {
    const server = await startMemoryServer();
    cleanups.push(() => server.dispose());
    expect((await preflight(server.url, 'https://anywhere.example')).headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
  });

  it('allows only the configured origins once keys exist', async () => {
    const { server, keys } = await startServerWithKeys(
      [{ name: 'web', kind: 'ingest', environment: 'prod' }],
      { corsOrigins: ['https://shop.example'] },
      { engine: 'memory' },
    );
    cleanups.push(() => server.dispose());
    expect((await preflight(server.url, 'https://shop.example')).headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect((await preflight(server.url, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const toQueries = await fetch(`${server.url}/api/v1/query`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(toQueries.headers.get('access-control-allow-origin'), 'only what ingest keys may call is open to browsers').toBeNull();
    const sent = await fetch(`${server.url}/1/events/web`, {
      method: 'POST',
      headers: { ...json, origin: 'https://shop.example', 'x-honeycomb-team': keys[0].text },
      body: '{"page":"/"}',
    });
    expect(sent.status).toBe(200);
    expect(sent.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });
});

describe('key limits and life cycle', () => {
  it('limits requests and events per key with 429 and Retry-After', async () => {
    const { server, keys } = await startServerWithKeys(
      [
        { name: 'a', kind: 'ingest', environment: 'prod' },
        { name: 'b', kind: 'ingest', environment: 'prod' },
      ],
      { keyRequestsPerSecond: 3, keyEventsPerSecond: 20 },
      { engine: 'memory' },
    );
    cleanups.push(() => server.dispose());
    const send = (key: string, events: number) =>
      fetch(`${server.url}/1/batch/limited`, {
        method: 'POST',
        headers: { ...json, 'x-honeycomb-team': key },
        body: JSON.stringify(Array.from({ length: events }, (_, i) => ({ data: { i } }))),
      });
    expect((await send(keys[0].text, 100)).status, 'a large batch is taken whole').toBe(200);
    const refused = await send(keys[0].text, 1);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    // Sent at once, so the bucket has no time to refill: three pass, two are refused.
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => send(keys[1].text, 1)))).map((r) => r.status);
    expect(statuses.sort(), 'another key has its own budget of three requests per second').toEqual([200, 200, 200, 429, 429]);
  });

  it('refuses a revoked key and records who revoked it', async () => {
    const { server, keys } = await startServerWithKeys(
      [
        { name: 'ops', kind: 'admin', environment: 'prod' },
        { name: 'old service', kind: 'ingest', environment: 'prod' },
      ],
      {},
      { engine: 'memory' },
    );
    cleanups.push(() => server.dispose());
    const [admin, ingest] = keys;
    const asAdmin = { ...json, 'x-honeycomb-team': admin.text };
    expect((await fetch(`${server.url}/1/events/x`, { method: 'POST', headers: { ...json, 'x-honeycomb-team': ingest.text }, body: '{}' })).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/keys/${ingest.id}`, { method: 'DELETE', headers: asAdmin })).status).toBe(200);
    const refused = await fetch(`${server.url}/1/events/x`, { method: 'POST', headers: { ...json, 'x-honeycomb-team': ingest.text }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toContain('revoked');
    const audit = (await (await fetch(`${server.url}/api/v1/audit`, { headers: asAdmin })).json()) as Array<{ action: string; actor: string; target: string }>;
    expect(audit[0]).toMatchObject({ action: 'key.revoke', target: `key:${ingest.id}`, actor: `key:${admin.id} (ops)` });
    expect(audit.filter((e) => e.action === 'key.create')).toHaveLength(2);
  });
});
