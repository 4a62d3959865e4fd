// New columns per key, over time: an ingest key that sends request after request, each
// with new names, adds only its day's budget of columns to a dataset; its events are
// still stored, the extra fields in `meta.overflow`, and the answer says why. Another key
// still has its own budget. On DuckDB and on a two-shard ClickHouse cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerWithKeys, type IssuedKey } from './server-with-keys.ts';
import type { TempServer } from '../testing/temp-server.ts';

const BUDGET = 30;
const PER_REQUEST = 20;

describe.each([
  ['DuckDB', 'duckdb', 1],
  ['a two-shard ClickHouse cluster', 'clickhouse', 2],
] as const)('new columns per key on %s', (_, engine, shards) => {
  let server: TempServer;
  let keys: IssuedKey[];

  beforeAll(async () => {
    ({ server, keys } = await startServerWithKeys(
      [
        { name: 'browser', kind: 'ingest', environment: 'prod' },
        { name: 'collector', kind: 'ingest', environment: 'prod' },
        { name: 'reader', kind: 'query', environment: 'prod' },
      ],
      { newColumnsPerKeyPerDay: BUDGET },
      { engine, shards },
    ));
  });
  afterAll(async () => server?.dispose());

  /** Sends one event with PER_REQUEST new fields named after `tag`; the item's answer. */
  async function send(key: IssuedKey, tag: string): Promise<{ status: number; warning?: string }> {
    const data = Object.fromEntries(Array.from({ length: PER_REQUEST }, (_, i) => [`${tag}.${i}`, i]));
    const response = await fetch(`${server.url}/1/batch/shop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-honeycomb-team': key.text },
      body: JSON.stringify([{ time: new Date(Date.now() - 60_000).toISOString(), data: { ...data, 'http.route': `/${tag}` } }]),
    });
    expect(response.status).toBe(200);
    const [item] = (await response.json()) as Array<{ status: number; warning?: string }>;
    return item;
  }

  async function columnNames(): Promise<string[]> {
    const response = await fetch(`${server.url}/api/v1/datasets/shop/columns`, { headers: { 'x-honeycomb-team': keys[2].text } });
    return ((await response.json()) as Array<{ name: string }>).map((c) => c.name);
  }

  it('stops one key at its budget, per field, keeping its events and saying why', async () => {
    const [browser] = keys;
    expect(await send(browser, 'a')).toEqual({ status: 202 });
    const second = await send(browser, 'b');
    expect(second.status).toBe(202);
    const why = String.raw`an API key may add at most ${BUDGET} new columns a day to dataset "shop" \(--new-columns-per-key-per-day\), and this key has used them`;
    expect(second.warning).toMatch(
      new RegExp(String.raw`^${why}: 10 fields \("b\.10", "b\.11", "b\.12", "b\.13", "b\.14" and 5 more\) were stored as JSON in the field "meta\.overflow"$`),
    );
    const third = await send(browser, 'c');
    expect(third.status).toBe(202);
    expect(third.warning).toMatch(new RegExp(`^${why}: 20 fields`));

    const names = await columnNames();
    expect(names.filter((n) => /^[abc]\./.test(n)).sort()).toEqual(
      [...Array.from({ length: 20 }, (_, i) => `a.${i}`), ...Array.from({ length: 10 }, (_, i) => `b.${i}`)].sort(),
    );
    // Reserved fields are never charged: every request's route has its column.
    expect(names).toContain('http.route');
  });

  it('leaves another key its own budget', async () => {
    expect(await send(keys[1], 'd')).toEqual({ status: 202 });
    expect((await columnNames()).filter((n) => n.startsWith('d.'))).toHaveLength(PER_REQUEST);
  });

  it('keeps the overflowed values readable', async () => {
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-honeycomb-team': keys[2].text },
      body: JSON.stringify({
        dataset: 'shop',
        query: {
          calculations: [{ op: 'COUNT' }],
          breakdowns: ['http.route'],
          filters: [{ column: 'meta.overflow', op: 'contains', value: '"c.19":19' }],
          time_range: 3600,
        },
      }),
    });
    const body = (await response.json()) as { data: { results: Array<{ data: Record<string, unknown> }> } };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.data.results.map((r) => r.data)).toEqual([{ 'http.route': '/c', COUNT: 1 }]);
  });
});
