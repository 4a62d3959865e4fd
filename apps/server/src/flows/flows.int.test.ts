// The service map, vendor scorecards and gap report over a shop traced by the real
// OpenTelemetry SDK and sent over OTLP to a real server on each store engine: exact nodes,
// edges and counts, the flaky vendor's card, and each planted break of trace context
// found, nothing else.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTempServer, type TempServer } from '../testing/temp-server.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../testing/clickhouse-database.ts';
import {
  CHECKOUTS,
  FULFILMENT_CALLS,
  FULFILMENT_OUTAGE,
  GEO_CALLS,
  OUTAGE_FROM,
  OUTAGE_TO,
  SHARED_HOST_CALLS,
  SHOP_HOST,
  TAX_QUOTES,
  UNPROPAGATED_BROWSER_CALLS,
  sendArrivingTrace,
  sendFulfilmentOutage,
  sendPlantedShop,
  sendSharedHostCalls,
  type PlantedShop,
} from './testing/planted-shop.ts';
import type { ServiceMap } from './service-map.ts';
import type { VendorScorecards } from './vendor-scorecards.ts';
import { SETTLE_SECONDS, type InstrumentationGaps } from './instrumentation-gaps.ts';

let server: TempServer;
let shop: PlantedShop;
let range: string;

const counts = (items: { id: string; stats: { requests: number } }[]) => Object.fromEntries(items.map((item) => [item.id, item.stats.requests]));

describe.each(['duckdb', 'clickhouse'] as const)('on %s', (engine) => {
  let clickhouse: ClickHouseDatabase | undefined;

  beforeAll(async () => {
    if (engine === 'clickhouse') clickhouse = await createClickHouseDatabase({ shards: 2 });
    server = await startTempServer(clickhouse?.flags ?? {});
    const t0 = (Math.floor(Date.now() / 1000) - 300) * 1000;
    shop = await sendPlantedShop(server.url, t0);
    range = `start_time=${t0 / 1000 - 60}&end_time=${t0 / 1000 + 540}`;
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
    await clickhouse?.drop();
  });

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${server.url}${path}`);
    const body = await response.json();
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return body as T;
  }

  describe('service map', () => {
    test('has exactly the services, browser, vendors, peers and queue, joined by the calls and messages between them', async () => {
      const map = await get<ServiceMap>(`/api/v1/service-map?${range}`);
      expect(counts(map.nodes)).toEqual({
        'browser:storefront': CHECKOUTS + UNPROPAGATED_BROWSER_CALLS,
        // checkouts, unpropagated browser calls and the one call from web without context
        'service:web': CHECKOUTS + UNPROPAGATED_BROWSER_CALLS + 1,
        // orders, the call that lost its context, the orphan, shipments and tax jobs
        'service:orders': CHECKOUTS + 1 + 1 + FULFILMENT_CALLS + TAX_QUOTES,
        'service:mailer': CHECKOUTS + 1,
        'vendor:payments': CHECKOUTS,
        'vendor:fulfilment': FULFILMENT_CALLS,
        'peer:maps.example.com': GEO_CALLS,
        'peer:legacy-tax': TAX_QUOTES,
        'queue:receipts': CHECKOUTS,
      });
      expect(counts(map.edges)).toEqual({
        // requests without context still land on web: it serves their host
        'browser:storefront->service:web': CHECKOUTS + UNPROPAGATED_BROWSER_CALLS,
        'service:web->service:orders': CHECKOUTS + 1,
        'service:web->peer:maps.example.com': GEO_CALLS,
        'service:orders->vendor:payments': CHECKOUTS,
        'service:orders->vendor:fulfilment': FULFILMENT_CALLS,
        'service:orders->peer:legacy-tax': TAX_QUOTES,
        'service:orders->queue:receipts': CHECKOUTS,
        'queue:receipts->service:mailer': CHECKOUTS + 1,
      });
      const edge = (id: string) => map.edges.find((e) => e.id === id)!;
      expect(edge('service:orders->queue:receipts').kind).toBe('produce');
      expect(edge('queue:receipts->service:mailer').kind).toBe('consume');
      expect(edge('browser:storefront->service:web').stats).toMatchObject({ errors: 1, errorRate: 1 / (CHECKOUTS + UNPROPAGATED_BROWSER_CALLS) });
      // 5 calls of 5 ms, 50 of 40 ms, 5 timeouts of 200 ms
      // The range is still open: rates are over the part of it that has passed.
      expect(map.elapsedSeconds).toBeGreaterThan(300);
      expect(map.elapsedSeconds).toBeLessThan(600);
      expect(edge('service:orders->vendor:fulfilment').stats).toMatchObject({
        errors: OUTAGE_TO - OUTAGE_FROM,
        p50Ms: 40,
        p99Ms: 200,
        rate: FULFILMENT_CALLS / map.elapsedSeconds,
      });
      // Its series shows the outage: every call in some step, the errors in the steps of those ten seconds.
      const { series } = edge('service:orders->vendor:fulfilment');
      expect(map.seriesStepSeconds).toBe(10);
      expect(series.length).toBe(Math.ceil((map.startTime + map.elapsedSeconds) / 10) - Math.floor(map.startTime / 10));
      expect(series.reduce((sum, p) => sum + p.requests, 0)).toBe(FULFILMENT_CALLS);
      const failing = series.filter((p) => p.errors > 0);
      expect(failing.reduce((sum, p) => sum + p.errors, 0)).toBe(OUTAGE_TO - OUTAGE_FROM);
      expect(failing.at(-1)!.time - failing[0].time).toBeLessThanOrEqual(10);
      expect(edge('service:orders->vendor:payments').stats).toMatchObject({ errors: 0, p50Ms: 50, p99Ms: 50 });
      expect(edge('service:web->service:orders').stats.exampleTraceId).toMatch(/^[0-9a-f]{32}$/);
    });

    test('a filter selects traces, with every span in them and the traces linked to them across the queue; it may name a derived column', async () => {
      const saved = await fetch(`${server.url}/api/v1/datasets/__all__/derived-columns`, {
        method: 'POST',
        body: JSON.stringify({ alias: 'user.number', expression: 'INT(REG_VALUE($user.id, `^user-([0-9]+)$`))' }),
      });
      expect(saved.status).toBe(201);
      // Both name user-1: a derived column that read as missing would select nothing.
      const filters = encodeURIComponent(
        JSON.stringify([
          { column: 'user.id', op: '=', value: 'user-1' },
          { column: 'user.number', op: '=', value: 1 },
        ]),
      );
      const map = await get<ServiceMap>(`/api/v1/service-map?${range}&filters=${filters}`);
      const picked = [1, 4, 7, 10].length;
      expect(counts(map.edges)).toEqual({
        'browser:storefront->service:web': picked,
        'service:web->service:orders': picked,
        'service:web->peer:maps.example.com': 1,
        'service:orders->vendor:payments': picked,
        'service:orders->queue:receipts': picked,
        'queue:receipts->service:mailer': picked,
      });
    });

    test('services sharing a host are told apart by port: a call that lost its context lands on the one serving its port', async () => {
      // An hour before the shop, so its own range holds nothing else.
      const t1 = shop.t0 - 3_600_000;
      await sendSharedHostCalls(server.url, t1);
      const map = await get<ServiceMap>(`/api/v1/service-map?start_time=${t1 / 1000 - 60}&end_time=${t1 / 1000 + 120}`);
      expect(counts(map.edges)).toEqual({ 'service:frontend->service:reviews': SHARED_HOST_CALLS });
      expect(map.nodes.map((node) => node.id).sort()).toEqual(['service:catalog', 'service:frontend', 'service:reviews']);
    });

    test('a filter on a field that does not exist is a 400 naming it', async () => {
      const filters = encodeURIComponent(JSON.stringify([{ column: 'no.such', op: '=', value: 'x' }]));
      const response = await fetch(`${server.url}/api/v1/service-map?${range}&filters=${filters}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ path: 'filters[0].column' });
    });
  });

  describe('vendor scorecards', () => {
    test('the flaky vendor shows its availability, timeouts, fallbacks, affected users and recovery time', async () => {
      const { vendors, bucketSeconds } = await get<VendorScorecards>(`/api/v1/vendors?${range}`);
      expect(bucketSeconds).toBe(5);
      expect(vendors.map((v) => [v.name, v.calls, v.wrapped])).toEqual([
        ['fulfilment', FULFILMENT_CALLS, true],
        ['payments', CHECKOUTS, true],
        ['maps.example.com', GEO_CALLS, false],
        ['legacy-tax', TAX_QUOTES, false],
      ]);
      const failed = OUTAGE_TO - OUTAGE_FROM;
      const fulfilment = vendors[0];
      expect(fulfilment).toMatchObject({
        availability: (FULFILMENT_CALLS - failed) / FULFILMENT_CALLS,
        p50Ms: 40,
        p99Ms: 200,
        timeouts: failed / 2,
        fallbacks: failed,
        fallbackShare: failed / FULFILMENT_CALLS,
        usersAffected: 4,
        sessionsAffected: 0,
      });
      // The first failure is call OUTAGE_FROM (at t0 + 20.201 s), the first success after it call OUTAGE_TO.
      expect(fulfilment.recovery).toEqual({
        outageStartUs: (shop.t0 + OUTAGE_FROM * 1000 + 201) * 1000,
        recoveredAtUs: (shop.t0 + OUTAGE_TO * 1000 + 201) * 1000,
        recoveryMs: (OUTAGE_TO - OUTAGE_FROM) * 1000,
      });
      expect(fulfilment.trend.filter((p) => p.availability === 0).length).toBe(2);
      expect(fulfilment.trend.reduce((sum, p) => sum + p.calls, 0)).toBe(FULFILMENT_CALLS);
      expect(vendors[1]).toMatchObject({ availability: 1, recovery: { outageStartUs: null, recoveryMs: null }, usersAffected: 0 });
    });
  });

  describe('a vendor outage on the map and its card', () => {
    test('the map counts as errors exactly the calls the card counts as failed: fallbacks, timeouts and skipped calls alike', async () => {
      // Two hours before the shop, so its own range holds nothing else.
      const t2 = shop.t0 - 7_200_000;
      await sendFulfilmentOutage(server.url, t2);
      const outageRange = `start_time=${t2 / 1000 - 60}&end_time=${t2 / 1000 + 120}`;
      const [map, { vendors }] = await Promise.all([
        get<ServiceMap>(`/api/v1/service-map?${outageRange}`),
        get<VendorScorecards>(`/api/v1/vendors?${outageRange}`),
      ]);
      const failed = FULFILMENT_OUTAGE.filter((ending) => ending !== 'ok').length;
      const card = vendors.find((v) => v.name === 'fulfilment')!;
      expect(card).toMatchObject({
        calls: FULFILMENT_OUTAGE.length,
        fallbacks: failed,
        timeouts: FULFILMENT_OUTAGE.filter((ending) => ending === 'timeout').length,
        availability: (FULFILMENT_OUTAGE.length - failed) / FULFILMENT_OUTAGE.length,
      });
      const edge = map.edges.find((e) => e.id === 'service:orders->vendor:fulfilment')!;
      expect(edge.stats).toMatchObject({ requests: card.calls, errors: card.fallbacks });
      expect(map.nodes.find((n) => n.id === 'vendor:fulfilment')!.stats.errors).toBe(card.fallbacks);
      // The attempts under wrap() are part of its calls, not a peer of their own.
      expect(map.edges.map((e) => e.id)).toEqual(['service:orders->vendor:fulfilment']);
    });
  });

  describe('an environment that also holds plain events', () => {
    test('one event without span fields leaves the map, the vendors and the gaps answering', async () => {
      const sent = await fetch(`${server.url}/1/events/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 1 }) });
      expect(sent.status).toBe(200);
      const map = await get<ServiceMap>(`/api/v1/service-map?${range}`);
      expect(counts(map.edges)['service:orders->vendor:fulfilment']).toBe(FULFILMENT_CALLS);
      expect((await get<VendorScorecards>(`/api/v1/vendors?${range}`)).vendors[0].name).toBe('fulfilment');
      expect((await get<InstrumentationGaps>(`/api/v1/gaps?time_range=7200`)).gaps.length).toBeGreaterThan(0);
    });
  });

  describe('instrumentation gaps', () => {
    test('finds each planted break, with its count and an example trace, and nothing else', async () => {
      const { gaps } = await get<InstrumentationGaps>(`/api/v1/gaps?${range}`);
      expect(gaps.map(({ kind, service, subject, count }) => ({ kind, service, subject, count }))).toEqual([
        { kind: 'unwrapped_peer_call', service: 'web', subject: 'maps.example.com', count: GEO_CALLS },
        { kind: 'browser_context_dropped', service: 'storefront', subject: SHOP_HOST, count: UNPROPAGATED_BROWSER_CALLS },
        { kind: 'peer_only_service', service: 'orders', subject: 'legacy-tax', count: TAX_QUOTES },
        { kind: 'orphan_span', service: 'orders', subject: null, count: 1 },
        { kind: 'queue_context_lost', service: 'mailer', subject: 'receipts', count: 1 },
        { kind: 'service_context_dropped', service: 'web', subject: 'orders', count: 1 },
      ]);
      const example = (kind: string) => gaps.find((g) => g.kind === kind)!.exampleTraceId;
      expect(example('orphan_span')).toBe(shop.orphanTrace);
      expect(example('queue_context_lost')).toBe(shop.lostQueueTrace);
      expect(example('service_context_dropped')).toBe(shop.droppedServiceTrace);
      expect(gaps.find((g) => g.kind === 'browser_context_dropped')!.hint).toContain('Access-Control-Allow-Headers');
    });

    test('a trace still arriving is judged only once it has settled, and the answer says how long that is', async () => {
      // Its parent has not landed yet: an orphan for now, not a gap.
      await sendArrivingTrace(server.url, Date.now() - 10_000);
      const answer = await get<InstrumentationGaps>(`/api/v1/gaps?time_range=900`);
      expect(answer.settleSeconds).toBe(SETTLE_SECONDS);
      expect(answer.settledUntil).toBeLessThanOrEqual(Date.now() / 1000 - SETTLE_SECONDS);
      expect(answer.gaps.filter((g) => g.kind === 'orphan_span')).toEqual([expect.objectContaining({ service: 'orders', count: 1 })]);
    });
  });
});
