// Wide data from an ingest key: plain events fill a dataset to its 1,000-column limit
// before its first span arrives. Core fields still get columns of their own, so the trace
// is found by id with its waterfall parents intact and `name = x` still answers; fields
// past the limit, or past what one request may add, go to `meta.overflow` and the answer
// says so. On DuckDB and on a two-shard ClickHouse cluster, where each new column is an
// ALTER on every shard: there `npm test` fills a 64-column dataset and `npm run soak` the
// full 1,000. The key's daily budget of new columns is lifted here: filling the dataset
// is the point (new-columns-per-key.int.test.ts tests that budget).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { MAX_NEW_COLUMNS_PER_REQUEST } from '../store/commit-plan.ts';
import { SOAK, soakOr } from './soak.ts';

const json = { 'content-type': 'application/json' };
const SLOW = SOAK ? 600_000 : undefined;
const TRACE_ID = '5b8efff798038103d269b633813fc60c';

describe.each([
  ['DuckDB', 'duckdb', 1],
  ['a two-shard ClickHouse cluster', 'clickhouse', 2],
] as const)('a dataset at its column limit on %s', (_, engine, shards) => {
  let server: TempServer;
  const maxColumns = engine === 'duckdb' ? 1000 : soakOr(64, 1000);

  beforeAll(async () => {
    server = await startTempServerOn(engine, { maxColumnsPerDataset: maxColumns, newColumnsPerKeyPerDay: 100_000 }, { shards });
  });
  afterAll(async () => server?.dispose());

  it(
    'fills with plain events, a limited number of new columns per request',
    async () => {
      const time = new Date(Date.now() - 120_000).toISOString();
      for (let request = 0; request * MAX_NEW_COLUMNS_PER_REQUEST < maxColumns; request++) {
        const data = Object.fromEntries(Array.from({ length: MAX_NEW_COLUMNS_PER_REQUEST }, (_, i) => [`junk.${request}.${i}`, i]));
        const response = await fetch(`${server.url}/1/batch/checkout`, { method: 'POST', headers: json, body: JSON.stringify([{ time, data }]) });
        const [status] = (await response.json()) as Array<{ status: number; warning?: string }>;
        expect(status.status).toBe(202);
      }
      const columns = (await (await fetch(`${server.url}/api/v1/datasets/checkout/columns`)).json()) as Array<{ name: string }>;
      expect(columns).toHaveLength(maxColumns);
      expect(columns.map((c) => c.name)).toContain('meta.overflow');
    },
    SLOW,
  );

  it(
    'still stores the spans of a trace with their core fields, and says which fields overflowed',
    async () => {
      const startNs = BigInt(Date.now() - 60_000) * 1_000_000n;
      const span = (spanId: string, parentSpanId: string | undefined, name: string) => ({
        traceId: TRACE_ID,
        spanId,
        ...(parentSpanId ? { parentSpanId } : {}),
        name,
        kind: 2,
        startTimeUnixNano: String(startNs),
        endTimeUnixNano: String(startNs + 12_000_000n),
        status: { code: 2, message: 'card declined' },
        attributes: [
          { key: 'http.route', value: { stringValue: '/checkout' } },
          { key: `never.seen.${spanId}`, value: { stringValue: 'x' } },
        ],
      });
      const body = {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
            scopeSpans: [{ spans: [span('00000000000000a1', undefined, 'POST /checkout'), span('00000000000000b2', '00000000000000a1', 'charge card')] }],
          },
        ],
      };
      const response = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: json, body: JSON.stringify(body) });
      expect(response.status).toBe(200);
      const { partialSuccess } = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
      expect(partialSuccess.rejectedSpans).toBe('0');
      expect(partialSuccess.errorMessage).toMatch(
        new RegExp(
          String.raw`dataset "checkout" has reached its limit of ${maxColumns} columns: 2 fields \("never\.seen\.00000000000000a1", "never\.seen\.00000000000000b2"\) were stored as JSON in the field "meta\.overflow"`,
        ),
      );
    },
    SLOW,
  );

  it('finds the trace by id with its waterfall parents intact', async () => {
    const response = await fetch(`${server.url}/api/v1/traces/${TRACE_ID}`);
    expect(response.status).toBe(200);
    const trace = (await response.json()) as {
      spans: Array<{ spanId: string; parentId: string | null; name: string; depth: number; fields: Record<string, unknown> }>;
    };
    expect(trace.spans.map((s) => [s.name, s.parentId, s.depth])).toEqual([
      ['POST /checkout', null, 0],
      ['charge card', '00000000000000a1', 1],
    ]);
    expect(trace.spans[1].fields).toMatchObject({
      'http.route': '/checkout',
      status_message: 'card declined',
      'service.name': 'checkout',
      'span.kind': 'server',
    });
  });

  it('answers queries on core fields', async () => {
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        dataset: 'checkout',
        query: {
          calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }],
          filters: [{ column: 'name', op: '=', value: 'charge card' }],
          breakdowns: ['trace.parent_id', 'http.route'],
          time_range: 3600,
        },
      }),
    });
    const body = (await response.json()) as { data: { results: Array<{ data: Record<string, unknown> }> } };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.data.results.map((r) => r.data)).toEqual([
      { 'trace.parent_id': '00000000000000a1', 'http.route': '/checkout', COUNT: 1, 'P99(duration_ms)': 12 },
    ]);
  });

  it(
    'tells the sender of one event with 20,000 fields how many went to the overflow field',
    async () => {
      const data = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`wide.${i}`, i]));
      const response = await fetch(`${server.url}/1/events/wide`, { method: 'POST', headers: json, body: JSON.stringify(data) });
      expect(response.status).toBe(200);
      // Whichever comes first: what one request may add, or the dataset's limit (one column kept for the overflow field).
      const stored = Math.min(MAX_NEW_COLUMNS_PER_REQUEST, maxColumns - 1);
      const why =
        stored === MAX_NEW_COLUMNS_PER_REQUEST
          ? `a request may add at most ${stored} new columns to dataset "wide"`
          : `dataset "wide" has reached its limit of ${maxColumns} columns`;
      expect(response.headers.get('x-flashlight-warning')).toMatch(
        new RegExp(
          String.raw`^${why}: ${20_000 - stored} fields \("wide\.${stored}", .* and ${20_000 - stored - 5} more\) were stored as JSON in the field "meta\.overflow"$`,
        ),
      );
    },
    SLOW,
  );
});
