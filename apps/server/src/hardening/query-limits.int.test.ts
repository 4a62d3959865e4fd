// Query limits on a real server: a query past its timeout and queries beyond the cap are
// answered 503 with Retry-After, while ingest goes on unhindered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';

let server: TempServer;
beforeAll(async () => {
  server = await startMemoryServer({ maxConcurrentQueries: 1, queryTimeoutMs: 1 });
  const events = Array.from({ length: 5000 }, (_, i) => ({ data: { route: `/r/${i % 50}`, ms: i % 997, user: `u${i}` } }));
  const response = await fetch(`${server.url}/1/batch/heavy`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  expect(response.status).toBe(200);
});
afterAll(async () => server.dispose());

describe('query limits', () => {
  it('answers slow and surplus queries with 503 while ingest goes on', async () => {
    const query = () =>
      fetch(`${server.url}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          dataset: 'heavy',
          query: {
            calculations: [
              { op: 'COUNT_DISTINCT', column: 'user' },
              { op: 'P99', column: 'ms' },
            ],
            breakdowns: ['route', 'user'],
            time_range: 3600,
          },
        }),
      });
    const ingest = () =>
      fetch(`${server.url}/1/events/heavy`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"route":"/during"}' });
    const [answers, ingested] = await Promise.all([Promise.all(Array.from({ length: 5 }, query)), Promise.all(Array.from({ length: 5 }, ingest))]);
    const errors = await Promise.all(
      answers.map(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), error: ((await r.json()) as { error: string }).error })),
    );
    expect(errors.every((e) => e.status === 503 && e.retryAfter !== null)).toBe(true);
    expect(
      errors.some((e) => /longer than 0.001s/.test(e.error)),
      'timed out',
    ).toBe(true);
    expect(
      errors.some((e) => /queries are running/.test(e.error)),
      'refused beyond the cap',
    ).toBe(true);
    expect(ingested.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });
});
