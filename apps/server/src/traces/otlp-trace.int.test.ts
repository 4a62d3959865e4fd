// A trace made by the real OpenTelemetry SDK in three services (each its own tracer
// provider, exporting OTLP/protobuf as deployed services do), with the parent context
// passed between them as a propagated traceparent would, read back by trace id.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace as otel, type Context, type Span } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { startServer, type RunningServer } from '../server.ts';
import type { Trace } from './trace-tree.ts';

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'flashlight-otlp-trace-'));
  server = await startServer({ port: 0, dataDir, quiet: true });
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function service(name: string) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': name }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${server.url}/v1/traces` }))],
  });
  return { provider, tracer: provider.getTracer(name) };
}

const childOf = (span: Span): Context => otel.setSpan(ROOT_CONTEXT, span);

test('a checkout that crosses browser-facing, order and payment services reads back as one tree', async () => {
  const [frontend, orders, payments] = ['frontend', 'orders', 'payments'].map(service);

  // Explicit times (ms) keep the waterfall order independent of the clock's resolution.
  const t0 = Date.now() - 1000;
  const page = frontend.tracer.startSpan('GET /checkout', { kind: SpanKind.SERVER, startTime: t0 });
  const order = orders.tracer.startSpan('POST /orders', { kind: SpanKind.SERVER, startTime: t0 + 5 }, childOf(page));
  const earlier = orders.tracer.startSpan('enqueue receipt', { kind: SpanKind.PRODUCER, startTime: t0 + 6 }, childOf(order));
  earlier.end(t0 + 8);
  const charge = payments.tracer.startSpan(
    'charge',
    { kind: SpanKind.SERVER, startTime: t0 + 10, links: [{ context: earlier.spanContext() }] },
    childOf(order),
  );
  charge.recordException(new Error('card declined'), t0 + 40);
  charge.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  charge.end(t0 + 50);
  order.setStatus({ code: SpanStatusCode.ERROR });
  order.end(t0 + 60);
  page.end(t0 + 70);
  await Promise.all([frontend, orders, payments].map(({ provider }) => provider.forceFlush()));

  const traceId = page.spanContext().traceId;
  const response = await fetch(`${server.url}/api/v1/traces/${traceId}`);
  expect(response.status).toBe(200);
  const trace = (await response.json()) as Trace;

  expect(trace.spans.map((s) => [s.name, s.service, s.depth])).toEqual([
    ['GET /checkout', 'frontend', 0],
    ['POST /orders', 'orders', 1],
    ['enqueue receipt', 'orders', 2],
    ['charge', 'payments', 2],
  ]);
  expect(trace.summary).toMatchObject({
    traceId,
    rootSpanId: page.spanContext().spanId,
    rootName: 'GET /checkout',
    rootService: 'frontend',
    services: ['frontend', 'orders', 'payments'],
    spanCount: 4,
    errorCount: 2,
    startUs: t0 * 1000,
    durationMs: 70,
  });
  const chargeSpan = trace.spans.find((s) => s.name === 'charge')!;
  expect(chargeSpan.parentId).toBe(order.spanContext().spanId);
  expect(chargeSpan.events.map((e) => [e.name, e.fields['exception.message']])).toEqual([['exception', 'card declined']]);
  expect(chargeSpan.links.map((l) => l.fields['trace.link.span_id'])).toEqual([earlier.spanContext().spanId]);

  await Promise.all([frontend, orders, payments].map(({ provider }) => provider.shutdown()));
});
