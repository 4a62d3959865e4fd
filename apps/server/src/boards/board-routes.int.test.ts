// The boards API on a real server: create, read by id, list, change, delete, audited.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';

let server: TempServer;

beforeAll(async () => {
  server = await startMemoryServer({ grpcPort: 'off' });
});

afterAll(async () => {
  await server?.dispose();
});

const send = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

const board = {
  name: 'vendor-outage',
  time_range: 1800,
  filters: [{ column: 'vendor.name', op: '=', value: 'fulfilment' }],
  queries: [
    { title: 'Outcomes', dataset: 'orders', query: { calculations: [{ op: 'COUNT' }], breakdowns: ['vendor.outcome'] }, chart: 'stacked' },
    { title: 'Latency', dataset: 'orders', query: { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }] }, chart: 'heatmap' },
  ],
};

test('a board is created, read by its id, listed, changed and deleted, each change audited', async () => {
  const created = await send('POST', '/api/v1/boards', board);
  expect(created.status).toBe(201);
  const { id, ...stored } = (await created.json()) as { id: string; created_by: string };
  expect(stored).toMatchObject({ ...board, description: '' });
  expect(await (await send('GET', `/api/v1/boards/${id}`)).json()).toMatchObject({ id, name: 'vendor-outage', queries: board.queries });
  expect(((await (await send('GET', '/api/v1/boards')).json()) as { id: string }[]).map((b) => b.id)).toEqual([id]);

  const changed = await send('PUT', `/api/v1/boards/${id}`, { ...board, name: 'fulfilment outage', queries: board.queries.slice(0, 1) });
  expect(changed.status).toBe(200);
  expect(await changed.json()).toMatchObject({ id, name: 'fulfilment outage', queries: [board.queries[0]] });

  expect((await send('DELETE', `/api/v1/boards/${id}`)).status).toBe(204);
  expect((await send('GET', `/api/v1/boards/${id}`)).status).toBe(404);
  const audit = (await (await send('GET', '/api/v1/audit')).json()) as { action: string; target: string }[];
  expect(audit.filter((e) => e.target === `board:${id}`).map((e) => e.action)).toEqual(['board.delete', 'board.update', 'board.create']);
});

test('a bad board is a 400 naming the bad part; an unknown one a 404', async () => {
  const bad = await send('POST', '/api/v1/boards', { ...board, queries: [{ ...board.queries[0], chart: 'pie' }] });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toBe('queries[0].chart must be one of "line", "stacked", "heatmap", "table"');
  expect((await send('PUT', '/api/v1/boards/nope', board)).status).toBe(404);
});
