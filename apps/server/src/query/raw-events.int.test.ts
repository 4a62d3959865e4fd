// Raw events mode: the events behind a query, newest first, filtered like any query.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTempServer, type TempServer } from '../testing/temp-server.ts';

let server: TempServer;
const now = Date.now();

beforeAll(async () => {
  server = await startTempServer();
  const events = Array.from({ length: 30 }, (_, i) => ({
    time: new Date(now - (30 - i) * 1000).toISOString(),
    data: { seq: i, route: i % 3 === 0 ? '/cart' : '/home', duration_ms: i * 2.5, ...(i === 7 && { note: '<img src=x onerror=alert(1)>' }) },
  }));
  const response = await fetch(`${server.url}/1/batch/shop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
  expect(response.status).toBe(200);
});
afterAll(async () => server.dispose());

async function query(spec: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dataset: 'shop', query: { time_range: 3600, ...spec } }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { series: unknown[]; results: Array<{ data: Record<string, unknown> }> } }).data;
}

it('answers a query with nothing calculated or grouped with the matching events, newest first', async () => {
  const data = await query({ filters: [{ column: 'route', op: '=', value: '/cart' }], limit: 4 });
  expect(data.series).toEqual([]);
  expect(data.results.map((r) => r.data.seq)).toEqual([27, 24, 21, 18]);
  expect(data.results[0].data).toEqual({
    timestamp: new Date(now - 3000).toISOString(),
    seq: 27,
    route: '/cart',
    duration_ms: 67.5,
  });
});

it('keeps every field of an event as data', async () => {
  const data = await query({ filters: [{ column: 'seq', op: '=', value: 7 }] });
  expect(data.results.map((r) => r.data.note)).toEqual(['<img src=x onerror=alert(1)>']);
});

it('still counts when asked to', async () => {
  const data = await query({ calculations: [{ op: 'COUNT' }] });
  expect(data.results).toEqual([{ data: { COUNT: 30 } }]);
});
