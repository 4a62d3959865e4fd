// The markers API on a real server: create, list by range and dataset, update, delete,
// validation with errors that name the bad field, and every change in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';

let server: TempServer;
beforeAll(async () => {
  server = await startMemoryServer();
});
afterAll(async () => server.dispose());

const send = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('markers API', () => {
  it('creates, lists, updates and deletes markers, each change audited', async () => {
    const created = await send('POST', '/api/v1/markers', { type: 'deploy', message: 'orders 2.4.0', dataset: 'orders', start_time: 1_700_000_000 });
    expect(created.status).toBe(201);
    const deploy = (await created.json()) as { id: string };
    expect(deploy).toMatchObject({
      type: 'deploy',
      message: 'orders 2.4.0',
      dataset: 'orders',
      start_time: 1_700_000_000,
      end_time: null,
      url: null,
      source: 'api',
    });
    const band = (await (
      await send('POST', '/api/v1/markers', {
        type: 'config',
        message: 'pool resize',
        url: 'https://runbook.example/pool',
        start_time: 1_700_000_500,
        end_time: 1_700_000_900,
      })
    ).json()) as { id: string };

    const list = async (query: string) => ((await (await send('GET', `/api/v1/markers${query}`)).json()) as Array<{ id: string }>).map((m) => m.id);
    expect(await list('')).toEqual([deploy.id, band.id]);
    expect(await list('?start_time=1700000100&end_time=1700000600'), 'a band overlapping the range').toEqual([band.id]);
    expect(await list('?dataset=web'), 'environment-wide markers show on every dataset').toEqual([band.id]);
    expect(await list('?dataset=orders')).toEqual([deploy.id, band.id]);

    const updated = await send('PUT', `/api/v1/markers/${deploy.id}`, {
      type: 'deploy',
      message: 'orders 2.4.1',
      dataset: 'orders',
      start_time: 1_700_000_050,
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ id: deploy.id, message: 'orders 2.4.1', start_time: 1_700_000_050 });
    expect((await send('DELETE', `/api/v1/markers/${band.id}`)).status).toBe(200);
    expect(await list('')).toEqual([deploy.id]);
    expect((await send('DELETE', `/api/v1/markers/${band.id}`)).status, 'already gone').toBe(404);
    expect((await send('PUT', '/api/v1/markers/nope', { start_time: 1 })).status).toBe(404);

    const audit = (await (await send('GET', '/api/v1/audit')).json()) as Array<{
      action: string;
      target: string;
      actor: string;
      detail: Record<string, unknown>;
    }>;
    expect(audit.map((e) => [e.action, e.target])).toEqual([
      ['marker.delete', `marker:${band.id}`],
      ['marker.update', `marker:${deploy.id}`],
      ['marker.create', `marker:${band.id}`],
      ['marker.create', `marker:${deploy.id}`],
    ]);
    expect(audit[1].detail).toMatchObject({ message: 'orders 2.4.1' });
    expect(audit[0].actor).toMatch(/open/);
  });

  it('refuses bad markers with the field that is wrong', async () => {
    const refused = async (body: unknown) => {
      const response = await send('POST', '/api/v1/markers', body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: string }).error;
    };
    expect(await refused({ message: 'no time' })).toBe('start_time is required');
    expect(await refused({ start_time: Date.now() })).toMatch(/milliseconds/);
    expect(await refused({ start_time: 100, end_time: 50 })).toBe('end_time must not be before start_time');
    expect(await refused({ start_time: 100, url: 'javascript:alert(1)' })).toBe('url must be a valid URL');
    expect(await refused({ start_time: 100, colour: 'red' })).toMatch(/colour/);
    expect(await refused([1])).toBe('the request must be an object, not a list');
    expect((await send('GET', '/api/v1/markers?start_time=soon')).status).toBe(400);
  });
});

describe('markers API with keys', () => {
  it('lets admin keys change markers and query keys only list them', async () => {
    const keyed = await startMemoryServer();
    try {
      const call = (method: string, path: string, key: string, body?: unknown) =>
        fetch(`${keyed.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', 'x-honeycomb-team': key },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const admin = (await (
        await fetch(`${keyed.url}/api/v1/keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'ops', kind: 'admin', environment: 'prod' }),
        })
      ).json()) as { key: string; id: string };
      const reader = (await (await call('POST', '/api/v1/keys', admin.key, { name: 'viewer', kind: 'query', environment: 'prod' })).json()) as { key: string };

      expect((await call('POST', '/api/v1/markers', reader.key, { start_time: 100 })).status).toBe(403);
      const created = await call('POST', '/api/v1/markers', admin.key, { message: 'prod deploy', start_time: 100 });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ created_by: `key:${admin.id} (ops)` });
      expect(((await (await call('GET', '/api/v1/markers', reader.key)).json()) as unknown[]).length).toBe(1);
      const { id } = ((await (await call('GET', '/api/v1/markers', reader.key)).json()) as Array<{ id: string }>)[0];
      expect((await call('DELETE', `/api/v1/markers/${id}`, reader.key)).status).toBe(403);
    } finally {
      await keyed.dispose();
    }
  });
});
