// Trace comparison through the HTTP API on both engines (DuckDB, and ClickHouse over two
// shards): generated checkouts across three datasets, with span events, a log record and a
// dataset of plain events beside them; one checkout prices 30 lines, its peers 2 to 4.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PeerComparisonSchema, TraceComparisonSchema } from '@flashlight/api';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import type { WideEvent } from '../events/wide-event.ts';

type Fields = WideEvent['fields'];
interface Planted {
  dataset: string;
  timeUs: number;
  fields: Fields;
}

const T0_US = (Date.now() - 30 * 60_000) * 1000;
const SECOND_US = 1_000_000;

/** A checkout: web → orders → `prices` price calls (each with a vendor span), then a charge. */
function checkout(traceId: string, atUs: number, prices: number, version = '2.3.0'): Planted[] {
  const span = (dataset: string, id: string, parent: string | null, name: string, startMs: number, durationMs: number, extra: Fields = {}): Planted => ({
    dataset,
    timeUs: atUs + startMs * 1000,
    fields: {
      'trace.trace_id': traceId,
      'trace.span_id': `${traceId}-${id}`,
      ...(parent === null ? {} : { 'trace.parent_id': `${traceId}-${parent}` }),
      'service.name': dataset,
      name,
      duration_ms: durationMs,
      // As the OTLP decoder of some senders marks spans: a signal type that is not a log's.
      ...(dataset === 'web' && { 'meta.signal_type': 'trace' }),
      ...extra,
    },
  });
  const end = 20 + prices * 10 + 30;
  const events = [
    span('web', 'r', null, 'POST /checkout', 0, end + 10, { 'http.route': '/checkout', 'user.id': `u-${traceId}` }),
    span('orders', 'o', 'r', 'POST /orders', 5, end, { 'service.version': version, 'order.lines': prices, 'order.bulk': prices > 10 }),
  ];
  for (let i = 0; i < prices; i++) {
    events.push(span('orders', `p${i}`, 'o', 'ecommerce price', 20 + i * 10, 10, { 'vendor.outcome': 'ok' }));
    events.push(span('vendors', `v${i}`, `p${i}`, 'POST /price', 21 + i * 10, 8.5));
  }
  events.push(span('orders', 'c', 'o', 'payments charge', 20 + prices * 10, 30));
  // A span event and a log record of the charge: annotations, never spans of a path.
  events.push({
    dataset: 'orders',
    timeUs: atUs + 25_000,
    fields: {
      'trace.trace_id': traceId,
      'trace.parent_id': `${traceId}-c`,
      'meta.annotation_type': 'span_event',
      name: 'POST /checkout',
      'service.name': 'orders',
    },
  });
  events.push({
    dataset: 'orders',
    timeUs: atUs + 26_000,
    fields: { 'trace.trace_id': traceId, 'trace.span_id': `${traceId}-c`, 'meta.signal_type': 'log', body: 'charged', name: 'POST /checkout' },
  });
  return events;
}

const PEERS = 12;
const planted: Planted[] = [
  ...Array.from({ length: PEERS }, (_, i) => checkout(`peer-${i}`, T0_US + i * 10 * SECOND_US, 2 + (i % 3))).flat(),
  ...checkout('slow', T0_US + 125 * SECOND_US, 30, '2.4.0'),
  // Not peers: another root name, and a checkout long before the window.
  ...checkout('old', T0_US - 3 * 3600 * SECOND_US, 2),
  {
    dataset: 'web',
    timeUs: T0_US + 50 * SECOND_US,
    fields: { 'trace.trace_id': 'home', 'trace.span_id': 'home-r', 'service.name': 'web', name: 'GET /', duration_ms: 3 },
  },
  // Plain events, a column of every type, no trace fields.
  ...[1, 2, 3].map((i) => ({ dataset: 'audit', timeUs: T0_US + i * SECOND_US, fields: { n: i, ratio: i + 0.5, label: `row ${i}`, ok: i % 2 === 0 } })),
];

describe.each(ENGINES)('trace comparison on %s', (engine) => {
  let server: TempServer;
  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: 2 });
    for (const dataset of new Set(planted.map((p) => p.dataset))) {
      const events = planted.filter((p) => p.dataset === dataset).map((p) => ({ timeUs: p.timeUs, sampleRate: 1, fields: p.fields }));
      await server.store.append({ environment: 'default', dataset, events });
    }
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
  });

  test('a trace against its peers: the most recent of the same root name in the window, the outlier path named', async () => {
    const { status, body } = await get('/api/v1/traces/slow/peers?window=600');
    expect(status).toBe(200);
    const answer = PeerComparisonSchema.parse(body);
    expect(answer.peers.map((p) => p.traceId)).toEqual(Array.from({ length: PEERS }, (_, i) => `peer-${PEERS - 1 - i}`));
    expect(answer.window.dataset).toBe('web');
    expect(answer.truncated).toBe(false);
    const top = answer.paths[answer.ranking[0].path];
    expect(top.path.map((s) => s.name)).toEqual(['POST /checkout', 'POST /orders', 'ecommerce price']);
    expect(answer.ranking[0].text).toBe('`ecommerce price` ran 30 times (300 ms); peers: 3 (P50), 4 (P95), in 100% of them');
    const vendor = answer.paths.find((p) => p.path.at(-1)?.name === 'POST /price')!;
    expect(vendor.peers.count).toEqual({ p50: 3, p95: 4 });
    expect(vendor.peers.totalMs.p50).toBeCloseTo(25.5);
    expect(answer.paths.map((p) => p.path.at(-1)?.name)).not.toContain('GET /');
    expect(answer.critical[0].path.map((s) => s.name)).toEqual(['POST /checkout']);
  });

  test('the peers asked for, most recent first', async () => {
    const answer = PeerComparisonSchema.parse((await get('/api/v1/traces/slow/peers?window=600&limit=5')).body);
    expect(answer.peers.map((p) => p.traceId)).toEqual(['peer-11', 'peer-10', 'peer-9', 'peer-8', 'peer-7']);
  });

  test('two traces side by side: added spans, time difference, critical path and differing fields', async () => {
    const { status, body } = await get('/api/v1/traces/peer-0/compare/slow');
    expect(status).toBe(200);
    const answer = TraceComparisonSchema.parse(body);
    const price = answer.paths.find((p) => p.path.at(-1)?.name === 'ecommerce price')!;
    expect([price.a.count, price.b.count, price.added, price.missing, price.diffMs]).toEqual([2, 30, 28, 0, 280]);
    // The vendor's spans hold most of each price call's time on the critical path.
    expect(answer.critical.differences.slice(0, 2).map((d) => d.path.at(-1)?.name)).toEqual(['POST /price', 'ecommerce price']);
    expect(answer.attributes.map((a) => a.field)).toEqual(expect.arrayContaining(['service.version', 'order.lines', 'order.bulk']));
    expect(answer.attributes.map((a) => a.field)).not.toContain('user.id');
    expect(answer.attributes.find((a) => a.field === 'service.version')).toMatchObject({ a: ['2.3.0'], b: ['2.4.0'] });
  });

  test('a clear 4xx for what is wrong', async () => {
    expect(await get('/api/v1/traces/nope/peers')).toMatchObject({ status: 404 });
    expect(await get('/api/v1/traces/slow/compare/nope')).toMatchObject({ status: 404 });
    const bad = await get('/api/v1/traces/slow/peers?limit=101');
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toMatch(/limit must be a whole number from 1 to 100/);
    expect((await get(`/api/v1/traces/${'x'.repeat(300)}/peers`)).status).toBe(400);
  });
});
