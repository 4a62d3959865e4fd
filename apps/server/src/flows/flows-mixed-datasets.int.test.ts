// Every flow answer (service map, edge totals, vendor scorecards, gaps) over environments
// that mix spans with plain events and type the span fields every way a careless sender
// can: datasets without span fields (read first or last), a duration that is an integer in
// one dataset and a float in another, span fields that are strings, booleans or numbers
// where another type is expected. No answer fails, and the spans' flows are still counted.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTempServer, type TempServer } from '../testing/temp-server.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../testing/clickhouse-database.ts';
import type { WideEvent } from '../events/wide-event.ts';
import { resolveFlowScope } from './flow-scope.ts';
import { buildServiceMap, liveServiceMap, type ServiceMap } from './service-map.ts';
import { buildVendorScorecards } from './vendor-scorecards.ts';
import { findInstrumentationGaps } from './instrumentation-gaps.ts';
import { rollEdgeMinutes } from './edge-rollup.ts';
import { keepsEdgeTotals } from './edge-rollup-read.ts';
import { MINUTE_US } from './edge-rollup-read.ts';

const MINUTE_MS = MINUTE_US / 1000;
/** Minutes well before now, so every roll may count them and gaps judge them. */
const T0 = (Math.floor(Date.now() / MINUTE_MS) - 30) * MINUTE_MS;

type Fields = WideEvent['fields'];

/** A call from `web` to `orders` (client → server), then `orders` calling the `payments` vendor. */
function checkout(i: number, duration: number): Fields[] {
  const trace = `trace-${i}`;
  return [
    {
      'service.name': 'web',
      name: 'POST /orders',
      'span.kind': 'client',
      'trace.trace_id': trace,
      'trace.span_id': `a${i}`,
      duration_ms: duration,
      'peer.service': 'orders',
    },
    {
      'service.name': 'orders',
      name: 'POST /orders',
      'span.kind': 'server',
      'trace.trace_id': trace,
      'trace.span_id': `b${i}`,
      'trace.parent_id': `a${i}`,
      duration_ms: duration,
    },
    {
      'service.name': 'orders',
      name: 'payments charge',
      'span.kind': 'client',
      'trace.trace_id': trace,
      'trace.span_id': `c${i}`,
      'trace.parent_id': `b${i}`,
      duration_ms: duration,
      'vendor.name': 'payments',
      'vendor.outcome': i === 0 ? 'fallback' : 'ok',
      'server.port': 443.0,
      ...(i === 0 && { 'vendor.fallback_reason': 'timeout', status_code: 2 }),
    },
  ];
}

/** Plain events with a column of every type, and none of the span fields. */
const plainEvent = (i: number): Fields => ({ a: i, ratio: i + 0.5, label: `row ${i}`, ok: i % 2 === 0 });

/** Span fields typed the wrong way: each flow must read them as missing. */
const wronglyTyped: Fields = {
  'service.name': 7,
  'span.kind': true,
  'trace.trace_id': 12345,
  'trace.span_id': 1.5,
  'trace.parent_id': false,
  duration_ms: 'slow',
  status_code: 'failed',
  'server.port': 'https',
  'vendor.name': 3,
  'vendor.outcome': 0,
  'url.full': 42,
  'user.id': 99,
};

interface Planted {
  environment: string;
  /** Datasets in the order they are first written; the first one's table is read first. */
  datasets: [dataset: string, fields: Fields[]][];
}

const CHECKOUTS = 3;
const spansOf = (durations: (i: number) => number) => Array.from({ length: CHECKOUTS }, (_, i) => checkout(i, durations(i))).flat();
const bySpanService = (spans: Fields[], service: string) => spans.filter((s) => s['service.name'] === service);

const PLANTED: Planted[] = [
  // A dataset without span fields written first, then spans.
  (() => {
    const spans = spansOf(() => 20);
    return {
      environment: 'events-first',
      datasets: [
        ['x', [{ a: 1 }]],
        ['web', bySpanService(spans, 'web')],
        ['orders', bySpanService(spans, 'orders')],
      ],
    };
  })(),
  // Spans first, then plain events of every type.
  (() => {
    const spans = spansOf(() => 20);
    return {
      environment: 'spans-first',
      datasets: [
        ['web', bySpanService(spans, 'web')],
        ['orders', bySpanService(spans, 'orders')],
        ['x', [1, 2, 3].map(plainEvent)],
      ],
    };
  })(),
  // duration_ms an integer in web, a float in orders; server.port an integer.
  (() => {
    const spans = spansOf(() => 20);
    return {
      environment: 'int-then-float',
      datasets: [
        ['web', bySpanService(spans, 'web')],
        ['orders', bySpanService(spans, 'orders').map((s) => ({ ...s, duration_ms: 20.25, ...(s['server.port'] !== undefined && { 'server.port': 443 }) }))],
        ['x', [plainEvent(1)]],
      ],
    };
  })(),
  // The span fields typed wrongly first (by a dataset of plain events), then spans.
  (() => {
    const spans = spansOf(() => 20);
    return {
      environment: 'wrong-types-first',
      datasets: [
        ['bad', [wronglyTyped]],
        ['web', bySpanService(spans, 'web')],
        ['orders', bySpanService(spans, 'orders')],
      ],
    };
  })(),
];

describe.each(['duckdb', 'clickhouse'] as const)('on %s', (engine) => {
  let server: TempServer;
  let clickhouse: ClickHouseDatabase | undefined;

  beforeAll(async () => {
    if (engine === 'clickhouse') clickhouse = await createClickHouseDatabase({ shards: 2 });
    server = await startTempServer(clickhouse?.flags ?? {});
    for (const { environment, datasets } of PLANTED) {
      for (const [dataset, events] of datasets) {
        await server.store.append({
          environment,
          dataset,
          events: events.map((fields, i) => ({ timeUs: (T0 + 1000 + i * 10) * 1000, sampleRate: 1, fields })),
        });
      }
    }
    if (keepsEdgeTotals(server.store)) await rollEdgeMinutes(server.store);
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
    await clickhouse?.drop();
  });

  const range = { start_time: T0 / 1000 - 60, end_time: T0 / 1000 + 240 };
  const requests = (map: ServiceMap) => Object.fromEntries(map.edges.map((edge) => [edge.id, edge.stats.requests]));

  test.each(PLANTED.map((p) => p.environment))('%s: the map, the edge totals, the vendors and the gaps answer, counting the spans', async (environment) => {
    const scope = await resolveFlowScope(server.store, environment, range);
    const [map, live, vendors, gaps] = await Promise.all([
      buildServiceMap(server.store, scope),
      liveServiceMap(server.store, scope),
      buildVendorScorecards(server.store, scope),
      findInstrumentationGaps(server.store, scope),
    ]);
    expect(requests(map)).toEqual({ 'service:web->service:orders': CHECKOUTS, 'service:orders->vendor:payments': CHECKOUTS });
    expect(requests(live)).toEqual(requests(map));
    expect(vendors.vendors.map((v) => [v.name, v.calls, v.fallbacks])).toEqual([['payments', CHECKOUTS, 1]]);
    expect(gaps.gaps).toEqual([]);
  });

  test('a filter on a plain event field still selects traces of spans', async () => {
    const scope = await resolveFlowScope(server.store, 'spans-first', { ...range, filters: [{ column: 'label', op: 'exists' }] });
    const map = await buildServiceMap(server.store, scope);
    expect(map.edges).toEqual([]);
  });
});
