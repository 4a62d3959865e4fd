import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { setPrincipal, type Principal } from '../auth/principal.ts';
import { HttpError } from '../http/http-error.ts';
import { openDuckDbControlStore } from '../store/duckdb/index.ts';
import type { ControlStore } from './control-store.ts';
import { auditRoutes, recordAudit } from './audit-log.ts';

let dir: string;
let control: ControlStore;
afterEach(async () => {
  await control.close();
  await rm(dir, { recursive: true, force: true });
});

/** An app whose requests act as `principal`, with a route that changes a marker. */
async function appActingAs(principal: Principal): Promise<Hono> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-audit-'));
  control = await openDuckDbControlStore(dir);
  const app = new Hono();
  app.use('*', async (c, next) => {
    setPrincipal(c, principal);
    await next();
  });
  app.post('/api/v1/markers', async (c) => {
    await recordAudit(control, c, 'marker.create', 'marker:1', { message: 'deploy 42' });
    return c.json({ id: 1 }, 201);
  });
  app.route('/', auditRoutes(control).app);
  app.onError((error, c) => (error instanceof HttpError ? c.json({ error: error.message }, error.status) : c.text(String(error), 500)));
  return app;
}

describe('audit log', () => {
  it('records who changed what, in the actor’s environment, and lists it newest first', async () => {
    const app = await appActingAs({ environment: 'prod', kind: 'admin', name: 'ops', keyId: 'a1b2c3d4e5f6' });
    await app.request('/api/v1/markers', { method: 'POST' });
    await app.request('/api/v1/markers', { method: 'POST' });
    const entries = (await (await app.request('/api/v1/audit?limit=1')).json()) as Array<Record<string, unknown>>;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      environment: 'prod',
      actor: 'key:a1b2c3d4e5f6 (ops)',
      action: 'marker.create',
      target: 'marker:1',
      detail: { message: 'deploy 42' },
    });
    expect(await control.audit('staging', 10)).toEqual([]);
  });

  it('says what is wrong with a bad limit', async () => {
    const app = await appActingAs({ environment: 'prod', kind: 'admin', name: 'ops', keyId: 'a1b2c3d4e5f6' });
    const response = await app.request('/api/v1/audit?limit=-3');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^limit must be /);
  });
});
