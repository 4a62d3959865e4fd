// Metrics from the real OpenTelemetry metrics SDK (a counter, a gauge, a histogram) over
// OTLP/HTTP (protobuf and JSON) and OTLP/gRPC, read back through the query API: sums,
// gauge values and histogram bucket counts as recorded, on each engine.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter as HttpMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { ENGINES, startTempServerOn, type TempServer } from '../../../testing/temp-server.ts';

let server: TempServer;

type Row = Record<string, unknown>;

async function query(dataset: string, spec: Record<string, unknown>): Promise<Row[]> {
  const response = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset, query: { time_range: 600, ...spec } }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { results: { data: Row }[] } }).data.results.map((row) => row.data);
}

/** The gRPC exporter's call may still be in flight when shutdown returns: wait for every event. */
async function eventsArrive(dataset: string, expected: number): Promise<void> {
  // The exporter's call lands within moments, or far later on a busy machine.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      body: JSON.stringify({ dataset, query: { calculations: [{ op: 'COUNT' }], time_range: 600 } }),
    });
    const count = response.status === 404 ? 0 : Number(((await response.json()) as { data: { results: { data: Row }[] } }).data.results[0]?.data.COUNT ?? 0);
    if (count >= expected) return;
    if (Date.now() > deadline) throw new Error(`${dataset} has ${count} events, expected ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function recordShopMetrics(service: string, exporter: PushMetricExporter): Promise<void> {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
  });
  const meter = provider.getMeter('shop-metrics', '1.0.0');
  const orders = meter.createCounter('orders.placed', { unit: '{order}', description: 'orders placed' });
  orders.add(3, { 'app.team': 'megacorp' });
  orders.add(4, { 'app.team': 'megacorp' });
  orders.add(2, { 'app.team': 'tiny' });
  meter.createGauge('queue.depth').record(42, { queue: 'support' });
  const duration = meter.createHistogram('checkout.duration', { unit: 'ms' });
  for (const ms of [5, 50, 500, 520]) duration.record(ms);
  // Shutdown collects and exports once: each cumulative point arrives once.
  await provider.shutdown();
  // Two counter points, a gauge point, a histogram point and its four non-empty buckets.
  await eventsArrive(service, 8);
}

describe.each(ENGINES)('on %s', (engine) => {
  beforeAll(async () => {
    server = await startTempServerOn(engine, { grpcPort: 0 });
  });

  afterAll(async () => {
    await server?.dispose();
  });

  describe.each([
    ['OTLP/HTTP protobuf', 'metrics-http', () => new HttpMetricExporter({ url: `${server.url}/v1/metrics` })],
    ['OTLP/HTTP JSON', 'metrics-json', () => new JsonMetricExporter({ url: `${server.url}/v1/metrics` })],
    ['OTLP/gRPC', 'metrics-grpc', () => new GrpcMetricExporter({ url: `http://127.0.0.1:${server.grpcPort}` })],
  ] as const)('metrics over %s', (_transport, service, exporter) => {
    beforeAll(() => recordShopMetrics(service, exporter()));

    test('a counter is one cumulative, monotonic sum per attribute set', async () => {
      const rows = await query(service, {
        calculations: [{ op: 'SUM', column: 'value' }],
        filters: [{ column: 'metric.name', op: '=', value: 'orders.placed' }],
        breakdowns: ['app.team', 'metric.type', 'metric.temporality', 'metric.monotonic', 'metric.unit', 'meta.signal_type'],
        orders: [{ column: 'app.team' }],
      });
      expect(rows).toEqual([
        {
          'app.team': 'megacorp',
          'metric.type': 'sum',
          'metric.temporality': 'cumulative',
          'metric.monotonic': true,
          'metric.unit': '{order}',
          'meta.signal_type': 'metric',
          'SUM(value)': 7,
        },
        {
          'app.team': 'tiny',
          'metric.type': 'sum',
          'metric.temporality': 'cumulative',
          'metric.monotonic': true,
          'metric.unit': '{order}',
          'meta.signal_type': 'metric',
          'SUM(value)': 2,
        },
      ]);
    });

    test('a gauge keeps its last value', async () => {
      const rows = await query(service, {
        calculations: [{ op: 'MAX', column: 'value' }],
        filters: [{ column: 'metric.name', op: '=', value: 'queue.depth' }],
        breakdowns: ['queue', 'metric.type'],
      });
      expect(rows).toEqual([{ queue: 'support', 'metric.type': 'gauge', 'MAX(value)': 42 }]);
    });

    test('a histogram has its count, sum, min, max and one event per non-empty bucket', async () => {
      const filters = [{ column: 'metric.name', op: '=', value: 'checkout.duration' }];
      const totals = await query(service, {
        calculations: [
          { op: 'SUM', column: 'count' },
          { op: 'SUM', column: 'sum' },
          { op: 'MIN', column: 'min' },
          { op: 'MAX', column: 'max' },
        ],
        filters,
      });
      expect(totals).toEqual([{ 'SUM(count)': 4, 'SUM(sum)': 1075, 'MIN(min)': 5, 'MAX(max)': 520 }]);
      // The SDK's default bounds: 0, 5, 10, 25, 50, 75, 100, 250, 500, 750, ...
      const buckets = await query(service, {
        calculations: [{ op: 'SUM', column: 'bucket.count' }],
        filters: [...filters, { column: 'meta.annotation_type', op: '=', value: 'histogram_bucket' }],
        breakdowns: ['bucket.lower', 'bucket.upper'],
        orders: [{ column: 'bucket.upper' }],
      });
      expect(buckets).toEqual([
        { 'bucket.lower': 0, 'bucket.upper': 5, 'SUM(bucket.count)': 1 },
        { 'bucket.lower': 25, 'bucket.upper': 50, 'SUM(bucket.count)': 1 },
        { 'bucket.lower': 250, 'bucket.upper': 500, 'SUM(bucket.count)': 1 },
        { 'bucket.lower': 500, 'bucket.upper': 750, 'SUM(bucket.count)': 1 },
      ]);
    });
  });
});
