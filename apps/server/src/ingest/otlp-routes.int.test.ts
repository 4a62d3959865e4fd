// A real OpenTelemetry JS SDK exports a trace that crosses two services, and logs, to a
// real Flashlight server, once with the protobuf exporters and once with the JSON ones;
// the stored events are read back and compared field by field with what the SDK made.
// Each runs on both store engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { readEvents } from '../store/read-events.ts';
import type { WideEvent } from '../events/wide-event.ts';

const exporters = {
  protobuf: {
    traces: (url: string) => new ProtoTraceExporter({ url: `${url}/v1/traces` }),
    logs: (url: string) => new ProtoLogExporter({ url: `${url}/v1/logs` }),
  },
  json: {
    traces: (url: string) => new JsonTraceExporter({ url: `${url}/v1/traces` }),
    logs: (url: string) => new JsonLogExporter({ url: `${url}/v1/logs` }),
  },
};

const hrToMs = ([s, ns]: [number, number]) => s * 1e3 + ns / 1e6;
const hrToUs = ([s, ns]: [number, number]) => s * 1e6 + Math.floor(ns / 1e3);

const runs = ENGINES.flatMap((engine) => Object.entries(exporters).map(([format, make]) => ({ format, make, engine })));

describe.each(runs)('OTLP/HTTP $format from the OpenTelemetry JS SDK, stored on $engine', ({ format, make, engine }) => {
  let server: TempServer;
  const seen = new InMemorySpanExporter();
  const serviceName = (s: string) => `${s}-${format}`;

  function tracer(service: string, exporter: SpanExporter) {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName(service), 'service.version': '1.4.2', 'deployment.environment.name': 'test' }),
      spanProcessors: [new SimpleSpanProcessor(exporter), new SimpleSpanProcessor(seen)],
    });
    return { provider, tracer: provider.getTracer('shop-instrumentation', '0.9.0') };
  }

  beforeAll(async () => {
    server = await startTempServerOn(engine);
  });
  afterAll(async () => server?.dispose());

  it('stores every span, span event and link of a trace across two services', async () => {
    const web = tracer('web', make.traces(server.url));
    const orders = tracer('orders', make.traces(server.url));

    const root = web.tracer.startSpan('GET /checkout', {
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/checkout', 'http.response.status_code': 200, 'user.id': 'u-42', 'app.enterprise': true, ratio: 0.25 },
    });
    const rootCtx = trace.setSpan(context.active(), root);
    const call = web.tracer.startSpan('POST orders', { kind: SpanKind.CLIENT, attributes: { 'peer.service': 'orders' } }, rootCtx);
    const served: Span = orders.tracer.startSpan(
      'POST /orders',
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.route': '/orders', tags: ['vip', 'eu'], 'weird key "quoted"; DROP TABLE x': 'kept' },
        links: [{ context: call.spanContext(), attributes: { 'link.reason': 'retry-of' } }],
      },
      trace.setSpan(context.active(), call),
    );
    served.recordException(new TypeError('card declined'));
    served.setStatus({ code: SpanStatusCode.ERROR, message: 'payment failed' });
    served.end();
    call.end();
    root.end();
    await Promise.all([web.provider.forceFlush(), orders.provider.forceFlush()]);

    const sdkSpans = new Map(seen.getFinishedSpans().map((s) => [s.spanContext().spanId, s]));
    const stored = [...(await readEvents(server.store, 'default', serviceName('web'))), ...(await readEvents(server.store, 'default', serviceName('orders')))];
    const spans = stored.filter((e) => e.fields['meta.annotation_type'] === undefined);
    expect(spans).toHaveLength(3);
    for (const event of spans) {
      const sdk = sdkSpans.get(event.fields['trace.span_id'] as string) as ReadableSpan;
      expect(sdk, `span ${event.fields['trace.span_id']} came from the SDK`).toBeDefined();
      expectSpanFields(event, sdk);
    }

    const exception = stored.find((e) => e.fields['meta.annotation_type'] === 'span_event');
    expect(exception?.fields).toMatchObject({
      name: 'exception',
      'exception.type': 'TypeError',
      'exception.message': 'card declined',
      'trace.trace_id': root.spanContext().traceId,
      'trace.parent_id': served.spanContext().spanId,
      'service.name': serviceName('orders'),
    });
    const link = stored.find((e) => e.fields['meta.annotation_type'] === 'link');
    expect(link?.fields).toMatchObject({
      'trace.link.trace_id': call.spanContext().traceId,
      'trace.link.span_id': call.spanContext().spanId,
      'trace.parent_id': served.spanContext().spanId,
      'link.reason': 'retry-of',
    });
    await Promise.all([web.provider.shutdown(), orders.provider.shutdown()]);
  });

  it('stores log records with severity, body, attributes and trace context', async () => {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName('mailer') }),
      processors: [new BatchLogRecordProcessor({ exporter: make.logs(server.url) as LogRecordExporter })],
    });
    const web = tracer('mailer-traces', new InMemorySpanExporter());
    const span = web.tracer.startSpan('send mail');
    const logger = provider.getLogger('mailer', '2.0.0');
    logger.emit({
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: 'vendor slow, falling back',
      attributes: { 'vendor.name': 'postmark', 'retry.count': 3 },
      context: trace.setSpan(context.active(), span),
    });
    logger.emit({ severityNumber: SeverityNumber.INFO, body: { structured: { ok: true } } });
    await provider.forceFlush();
    span.end();

    const stored = await readEvents(server.store, 'default', serviceName('mailer'));
    expect(stored).toHaveLength(2);
    const warn = stored.find((e) => e.fields.severity === 'WARN');
    expect(warn?.fields).toMatchObject({
      body: 'vendor slow, falling back',
      severity_number: SeverityNumber.WARN,
      'vendor.name': 'postmark',
      'retry.count': 3,
      'trace.trace_id': span.spanContext().traceId,
      'trace.span_id': span.spanContext().spanId,
      'service.name': serviceName('mailer'),
      'meta.signal_type': 'log',
    });
    const structured = stored.find((e) => e !== warn);
    expect(JSON.parse(structured?.fields.body as string)).toEqual({ structured: { ok: true } });
    await provider.shutdown();
  });
});

function expectSpanFields(event: WideEvent, sdk: ReadableSpan): void {
  const f = event.fields;
  const kinds = ['internal', 'server', 'client', 'producer', 'consumer'];
  expect(f['trace.trace_id']).toBe(sdk.spanContext().traceId);
  expect(f['trace.parent_id']).toBe(sdk.parentSpanContext?.spanId);
  expect(f.name).toBe(sdk.name);
  expect(f['service.name']).toBe(sdk.resource.attributes['service.name']);
  expect(f['service.version']).toBe('1.4.2');
  expect(f['span.kind']).toBe(kinds[sdk.kind]);
  expect(f.type).toBe(kinds[sdk.kind]);
  expect(f['span.num_events']).toBe(sdk.events.length);
  expect(f['span.num_links']).toBe(sdk.links.length);
  expect(f['status_code']).toBe(sdk.status.code);
  expect(f.error).toBe(sdk.status.code === SpanStatusCode.ERROR ? true : undefined);
  expect(f['library.name']).toBe('shop-instrumentation');
  expect(f['meta.signal_type']).toBe('trace');
  expect(f.duration_ms as number).toBeCloseTo(hrToMs(sdk.duration), 3);
  expect(event.timeUs).toBe(hrToUs(sdk.startTime));
  expect(event.sampleRate).toBe(1);
  for (const [key, value] of Object.entries(sdk.attributes)) {
    expect(f[key], key).toEqual(Array.isArray(value) ? JSON.stringify(value) : value);
  }
  if (sdk.status.message) expect(f.status_message).toBe(sdk.status.message);
}
