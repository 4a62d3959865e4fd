// An engine that runs out of memory answers 503 with Retry-After and what to do, never a
// 500: on DuckDB a query past a tiny memory_limit, through the query API and the
// Honeycomb-shaped one; on ClickHouse a real "Memory limit (for query) exceeded" from the
// shared cluster, as the store turns it into the store's error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { createClickHouseDatabase } from '../testing/clickhouse-database.ts';
import { ClickHouseHttp } from '../store/clickhouse/clickhouse-http.ts';
import { clickHouseQueryError } from '../store/clickhouse/clickhouse-store.ts';
import { httpErrorOf } from './store-refusal.ts';

const time = new Date(Date.now() - 60_000).toISOString();
const spec = { calculations: [{ op: 'COUNT' }], breakdowns: ['route'], time_range: 3600 };

describe('on duckdb', () => {
  let server: TempServer;

  beforeAll(async () => {
    server = await startTempServerOn('duckdb');
    const events = Array.from({ length: 200 }, (_, i) => ({ time, data: { route: `/r/${i}`, duration_ms: i } }));
    const response = await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body: JSON.stringify(events) });
    expect(response.status).toBe(200);
    // DuckDB's memory taken down to what it already holds and a little more: a grouping runs out of it.
    await server.store.query("SET memory_limit = '4MiB'", []);
  });

  afterAll(async () => server?.dispose());

  it('a query past the engine memory answers 503 with Retry-After and what to do', async () => {
    const response = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset: 'shop', query: spec }) });
    const body = (await response.json()) as { error: string };
    expect(response.status, body.error).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(body.error).toMatch(
      /^the query needed more memory than DuckDB's share of the memory limit \(409 MiB of --memory-limit 1024 MiB\); narrow its time range or breakdowns, or start the server with a larger --memory-limit$/,
    );
  });

  it('so does the Honeycomb query API, as a problem', async () => {
    const saved = await fetch(`${server.url}/1/queries/shop`, { method: 'POST', body: JSON.stringify(spec) });
    expect(saved.status).toBe(200);
    const { id } = (await saved.json()) as { id: string };
    const response = await fetch(`${server.url}/1/query_results/shop`, { method: 'POST', body: JSON.stringify({ query_id: id }) });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(((await response.json()) as { detail: string }).detail).toMatch(/needed more memory than DuckDB's share/);
  });
});

describe('on clickhouse', () => {
  it('"Memory limit (for query) exceeded" (code 241) becomes a 503 with Retry-After and what to do', async () => {
    const database = await createClickHouseDatabase();
    try {
      const node = new ClickHouseHttp(database.nodeUrls[0]);
      const failure = await node.select('SELECT number % 1000 AS k, count() FROM numbers(100000) GROUP BY k', { max_memory_usage: 1_000_000 }).catch((e) => e);
      const refusal = httpErrorOf(clickHouseQueryError(failure));
      expect(refusal?.status).toBe(503);
      expect(refusal?.headers['retry-after']).toBe('5');
      expect(refusal?.message).toMatch(
        /^the query needed more memory than ClickHouse lets it use \(Memory limit \(for query\) exceeded: would use .+, maximum: 976\.56 KiB\); narrow its time range or breakdowns, or raise max_memory_usage in ClickHouse's settings$/,
      );
    } finally {
      await database.drop();
    }
  });
});
