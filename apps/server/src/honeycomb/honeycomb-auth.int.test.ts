// Keys on the Honeycomb REST API: each kind may do exactly what it may do through the
// native API (and what `/1/auth` says it may), in its own environment only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerWithKeys, type IssuedKey } from '../hardening/server-with-keys.ts';
import type { TempServer } from '../testing/temp-server.ts';
import * as bodies from './test-fixtures/honeycomb-bodies.ts';

let server: TempServer;
let keys: IssuedKey[];
const keyOf = (kind: string, environment = 'prod') => keys.find((k) => k.kind === kind && k.environment === environment)!.text;
let serial = 0;

async function send(key: string | null, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'x-honeycomb-team': key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** One request per permission `/1/auth` reports, each a new thing so that it is never a conflict. */
const ATTEMPTS: Record<string, () => [string, string, unknown]> = {
  events: () => ['POST', '/1/batch/orders', [{ data: { n: 1, ok: true } }]],
  createDatasets: () => ['POST', '/1/datasets', { name: `made-${++serial}` }],
  queries: () => ['POST', '/1/queries/orders', { calculations: [{ op: 'COUNT' }] }],
  columns: () => ['POST', '/1/columns/orders', { key_name: `declared.${++serial}` }],
  markers: () => ['POST', '/1/markers/orders', { message: 'deploy' }],
  triggers: () => ['POST', '/1/triggers/orders', { ...bodies.TRIGGER_CREATE, query: { calculations: [{ op: 'COUNT' }] }, recipients: [] }],
  boards: () => ['POST', '/1/boards', { name: `board ${++serial}` }],
  slos: () => ['POST', '/1/slos/orders', { ...bodies.SLO_CREATE, sli: { alias: 'ok' } }],
  recipients: () => ['POST', '/1/recipients', { type: 'webhook', details: { webhook_name: `hook ${++serial}`, webhook_url: 'http://127.0.0.1:9/hook' } }],
};

beforeAll(async () => {
  ({ server, keys } = await startServerWithKeys(
    [
      ...(['ingest', 'query', 'admin'] as const).map((kind) => ({ name: `${kind}-prod`, kind, environment: 'prod' })),
      { name: 'ingest-staging', kind: 'ingest', environment: 'staging' },
      { name: 'admin-staging', kind: 'admin', environment: 'staging' },
    ],
    {},
    { engine: 'memory' },
  ));
  for (const environment of ['prod', 'staging']) {
    expect((await send(keyOf('ingest', environment), 'POST', '/1/batch/orders', [{ data: { n: 1, ok: true, environment } }])).status).toBe(200);
  }
});
afterAll(async () => server?.dispose());

describe('Honeycomb API keys', () => {
  it.each(['ingest', 'query', 'admin'])('%s keys may do what /1/auth says, and nothing else', async (kind) => {
    const auth = await send(keyOf(kind), 'GET', '/1/auth');
    expect(auth.status).toBe(200);
    expect(auth.body.environment).toEqual({ name: 'prod', slug: 'prod' });
    expect(auth.body.type).toBe(kind === 'ingest' ? 'ingest' : 'configuration');
    expect(auth.body.api_key_access.privateBoards).toBe(false);
    for (const [permission, attempt] of Object.entries(ATTEMPTS)) {
      const [method, path, body] = attempt();
      const answer = await send(keyOf(kind), method, path, body);
      if (auth.body.api_key_access[permission]) expect(answer.status, `${permission}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      else expect(answer.status, `${permission}: ${JSON.stringify(answer.body)}`).toBe(403);
    }
  });

  it('grants as the native API does: a query key reads and runs queries but changes nothing', async () => {
    const query = keyOf('query');
    expect((await send(query, 'GET', '/1/columns/orders')).status).toBe(200);
    expect((await send(query, 'GET', '/1/markers/orders')).status).toBe(200);
    const saved = await send(query, 'POST', '/1/queries/orders', { calculations: [{ op: 'COUNT' }] });
    expect((await send(query, 'POST', '/1/query_results/orders', { query_id: saved.body.id })).status).toBe(201);
    const refused = await send(query, 'POST', '/1/markers/orders', { message: 'deploy' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/a query key may not change keys or settings/);
    expect((await send(keyOf('ingest'), 'GET', '/1/columns/orders')).status, 'an ingest key reads nothing').toBe(403);
    expect((await send(keyOf('admin'), 'POST', '/1/batch/orders', [{ data: { n: 2 } }])).status, 'an admin key sends no events').toBe(403);
  });

  it('keeps each environment to itself', async () => {
    const [prod, staging] = [keyOf('admin'), keyOf('admin', 'staging')];
    const saved = await send(prod, 'POST', '/1/queries/orders', { calculations: [{ op: 'COUNT' }] });
    const result = await send(prod, 'POST', '/1/query_results/orders', { query_id: saved.body.id });
    expect(result.body.data.results).toEqual([{ data: { COUNT: expect.any(Number) } }]);
    const marker = await send(prod, 'POST', '/1/markers/orders', { message: 'prod deploy' });
    const board = await send(prod, 'POST', '/1/boards', { name: 'prod board' });

    expect((await send(staging, 'GET', `/1/queries/orders/${saved.body.id}`)).status).toBe(404);
    expect((await send(staging, 'POST', '/1/query_results/orders', { query_id: saved.body.id })).status).toBe(404);
    expect((await send(staging, 'GET', `/1/query_results/orders/${result.body.id}`)).status).toBe(404);
    expect((await send(staging, 'GET', '/1/markers/orders')).body).toEqual([]);
    expect((await send(staging, 'DELETE', `/1/markers/orders/${marker.body.id}`)).status).toBe(404);
    expect((await send(staging, 'GET', `/1/boards/${board.body.id}`)).status).toBe(404);
    expect((await send(staging, 'GET', '/1/datasets')).body.map((d: { name: string }) => d.name)).toEqual(['orders']);
    expect((await send(prod, 'GET', `/1/markers/orders`)).body.map((m: { id: string }) => m.id)).toContain(marker.body.id);
  });

  it('refuses a missing or unknown key with 401', async () => {
    expect((await send(null, 'GET', '/1/datasets')).status).toBe(401);
    expect((await send('not-a-key', 'GET', '/1/auth')).status).toBe(401);
  });
});
