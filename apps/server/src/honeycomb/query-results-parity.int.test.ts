// A query saved with `POST /1/queries` and run through `/1/query_results` answers exactly
// as the same spec through the native `POST /api/v1/query`, on DuckDB and on a two-shard
// ClickHouse cluster, over a dataset of OTLP spans and plain events with fields of every type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempServer, type TempServer } from '../testing/temp-server.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../testing/clickhouse-database.ts';
import { generateEvents } from '../query/test-fixtures/generated-events.ts';
import type { EngineName } from '../store/store.ts';

const HOUR = 3600;
const T0 = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const WINDOW = { start_time: T0, end_time: T0 + HOUR };

const SPECS: Record<string, unknown>[] = [
  {
    calculations: [{ op: 'COUNT' }, { op: 'P95', column: 'duration_ms' }, { op: 'AVG', column: 'duration_ms' }],
    breakdowns: ['service.name'],
    granularity: 600,
  },
  {
    calculations: [
      { op: 'SUM', column: 'http.status_code' },
      { op: 'COUNT_DISTINCT', column: 'user.id' },
    ],
    filters: [{ column: 'error', op: '=', value: true }],
    breakdowns: ['http.route'],
  },
  {
    calculations: [
      { op: 'HEATMAP', column: 'duration_ms' },
      { op: 'MAX', column: 'db.rows' },
    ],
    filters: [{ column: 'http.route', op: 'starts-with', value: '/s' }],
  },
  {
    calculations: [{ op: 'COUNT' }],
    filters: [
      { column: 'trace.span_id', op: 'exists' },
      { column: 'span.kind', op: '=', value: 'server' },
    ],
    breakdowns: ['name'],
  },
  {
    calculations: [{ op: 'COUNT' }],
    breakdowns: ['user.id'],
    orders: [
      { op: 'COUNT', order: 'descending' },
      { column: 'user.id', order: 'ascending' },
    ],
    limit: 5,
  },
];

/** OTLP/JSON spans of the `shop` service, in the same hour as the plain events. */
function otlpSpans(count: number) {
  const spans = Array.from({ length: count }, (_, i) => {
    const startNs = BigInt(T0 + 60 + i * 37) * 1_000_000_000n;
    return {
      traceId: i.toString(16).padStart(32, '0'),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: i % 3 === 0 ? 'GET /search' : 'POST /cart',
      kind: 2,
      startTimeUnixNano: String(startNs),
      endTimeUnixNano: String(startNs + BigInt(5 + (i % 9) * 11) * 1_000_000n),
      attributes: [
        { key: 'http.route', value: { stringValue: i % 3 === 0 ? '/search' : '/cart' } },
        { key: 'user.id', value: { stringValue: `user-${i % 13}` } },
        { key: 'db.rows', value: { intValue: String(i % 17) } },
      ],
      status: { code: i % 10 === 0 ? 2 : 0 },
    };
  });
  return {
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }],
  };
}

async function post(server: TempServer, path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json();
  expect(response.status, `${path}: ${JSON.stringify(answer)}`).toBeLessThan(300);
  return answer as Record<string, any>;
}

async function seed(server: TempServer): Promise<void> {
  await post(server, '/v1/traces', otlpSpans(120));
  const events = generateEvents({ count: 600, startMs: T0 * 1000, spanMs: HOUR * 1000, seed: 19 });
  const statuses = await post(
    server,
    '/1/batch/shop',
    events.map((e) => ({ data: e.fields, time: new Date(e.timeMs).toISOString(), samplerate: e.sampleRate })),
  );
  expect((statuses as { status: number }[]).every((s) => s.status === 202)).toBe(true);
}

const ENGINES: EngineName[] = ['duckdb', 'clickhouse'];

/**
 * The answer with every fraction to twelve significant digits: an engine sums a float
 * column on several threads in whichever order they finish, so an AVG's last digits may
 * differ between two runs of one query.
 */
const toTwelveDigits = (value: unknown): unknown =>
  typeof value === 'number' && !Number.isInteger(value)
    ? Number(value.toPrecision(12))
    : Array.isArray(value)
      ? value.map(toTwelveDigits)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toTwelveDigits(item)]))
        : value;

describe.each(ENGINES)('on %s', (engine) => {
  let server: TempServer;
  let cluster: ClickHouseDatabase | undefined;

  beforeAll(async () => {
    if (engine === 'clickhouse') {
      cluster = await createClickHouseDatabase({ shards: 2 });
      server = await startTempServer({ grpcPort: 'off', ...cluster.flags });
    } else {
      server = await startTempServer({ grpcPort: 'off' });
    }
    await seed(server);
  });
  afterAll(async () => {
    await server?.dispose();
    await cluster?.drop();
  });

  it.each(SPECS.map((spec, i) => [i, spec] as const))('spec %i answers the same through /1/query_results as through /api/v1/query', async (_i, body) => {
    const spec = { ...body, ...WINDOW };
    const native = await post(server, '/api/v1/query', { dataset: 'shop', query: spec });
    const query = await post(server, '/1/queries/shop', spec);
    const result = await post(server, '/1/query_results/shop', { query_id: query.id });
    expect(result.complete).toBe(true);
    expect(result.data.results.length).toBeGreaterThan(0);
    expect(toTwelveDigits(result.data)).toEqual(toTwelveDigits(native.data));
  });
});
