// One test per row of the README's OTLP mapping table ("How OTLP spans map to fields"),
// each from what the real OpenTelemetry JS SDK exports, in protobuf and JSON alike.
import { ROOT_CONTEXT, SpanStatusCode } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FieldValue, WideEvent } from '../../events/wide-event.ts';
import { makeSdkSpans } from './fixtures/sdk-telemetry.ts';
import { decodeLogs, decodeTraces, type OtlpFormat } from './index.ts';

type Fields = Record<string, FieldValue>;
interface Decoded {
  dataset: string;
  event: WideEvent;
}

/** Spans of services named every way an SDK names them: padded, unnamed, blank. */
async function namedServiceSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const services = [{ 'service.name': '  padded  ' }, { 'service.name': 'unknown_service:node' }, { 'service.name': '   ' }, {}];
  for (const attributes of services) {
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes(attributes), spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.getTracer('t').startSpan('op', {}, ROOT_CONTEXT).end();
    await provider.forceFlush();
  }
  return exporter.getFinishedSpans();
}

/** Log records with the attribute types spans cannot carry: bytes and maps. */
async function structuredAttributeLogs() {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  provider.getLogger('l').emit({
    body: 'with attributes',
    attributes: {
      raw: new Uint8Array([0, 1, 2, 250]),
      card: { last4: '4242', expiry: 2027, tags: ['gold', 'eu'], issuer: { country: 'NL', bank: { name: 'ING', code: 7 } } },
      empty: {},
    },
  });
  await provider.forceFlush();
  return exporter.getFinishedLogRecords();
}

describe.each<OtlpFormat>(['protobuf', 'json'])('the OTLP mapping table, row by row, as %s', (format) => {
  let spans: ReadableSpan[];
  let events: Decoded[];
  let services: Decoded[];
  let logFields: Fields;

  const all = (decoded: ReturnType<typeof decodeTraces>) => decoded.batches.flatMap((b) => b.events.map((event) => ({ dataset: b.dataset, event })));
  const spanEvent = (name: string) =>
    events.find(({ event }) => event.fields.name === name && event.fields['meta.annotation_type'] === undefined)!.event.fields;
  const sdkSpan = (name: string) => spans.find((s) => s.name === name)!;

  beforeAll(async () => {
    const traces = format === 'protobuf' ? ProtobufTraceSerializer : JsonTraceSerializer;
    const logs = format === 'protobuf' ? ProtobufLogsSerializer : JsonLogsSerializer;
    spans = await makeSdkSpans();
    events = all(decodeTraces(traces.serializeRequest(spans)!, format, 'prod'));
    services = all(decodeTraces(traces.serializeRequest(await namedServiceSpans())!, format, 'prod'));
    logFields = decodeLogs(logs.serializeRequest(await structuredAttributeLogs())!, format, 'prod').batches[0].events[0].fields;
  });

  it('resource.service.name → the dataset and service.name, trimmed; unnamed or blank → unknown_service', () => {
    expect(services.map(({ dataset, event }) => [dataset, event.fields['service.name']])).toEqual([
      ['padded', 'padded'],
      ['unknown_service', 'unknown_service:node'],
      ['unknown_service', 'unknown_service'],
      ['unknown_service', 'unknown_service'],
    ]);
  });

  it('span.trace_id, span_id, parent_span_id → trace.trace_id, trace.span_id, trace.parent_id (none on roots)', () => {
    for (const span of spans) {
      const fields = spanEvent(span.name);
      expect([fields['trace.trace_id'], fields['trace.span_id']]).toEqual([span.spanContext().traceId, span.spanContext().spanId]);
      expect(fields['trace.parent_id']).toBe(span.parentSpanContext?.spanId);
    }
    expect('trace.parent_id' in spanEvent('POST /checkout')).toBe(false);
  });

  it('span.trace_state → trace.trace_state', () => {
    expect(spanEvent('consume order')['trace.trace_state']).toBe('ot=th:8;rv:ab12cd34ef5678,vendor=x');
    expect('trace.trace_state' in spanEvent('POST /checkout')).toBe(false);
  });

  it('span.name → name', () => {
    expect(
      events
        .filter(({ event }) => !event.fields['meta.annotation_type'])
        .map(({ event }) => event.fields.name)
        .sort(),
    ).toEqual(spans.map((s) => s.name).sort());
  });

  it('end − start → duration_ms, a float', () => {
    for (const span of spans) expect(spanEvent(span.name).duration_ms as number).toBeCloseTo(hrTimeToMilliseconds(span.duration), 9);
  });

  it('span.kind → span.kind and type', () => {
    const kinds = ['POST /checkout', 'charge card', 'SELECT stock', 'publish order', 'consume order'].map((name) => [
      spanEvent(name)['span.kind'],
      spanEvent(name).type,
    ]);
    expect(kinds).toEqual([
      ['server', 'server'],
      ['client', 'client'],
      ['internal', 'internal'],
      ['producer', 'producer'],
      ['consumer', 'consumer'],
    ]);
  });

  it('len(span.events), len(span.links) → span.num_events, span.num_links, integers', () => {
    expect([spanEvent('charge card')['span.num_events'], spanEvent('charge card')['span.num_links']]).toEqual([1, 1]);
    expect([spanEvent('POST /checkout')['span.num_events'], spanEvent('POST /checkout')['span.num_links']]).toEqual([0, 0]);
  });

  it('status.code → status_code, the number (0 unset, 1 ok, 2 error)', () => {
    expect(['POST /checkout', 'reserve stock', 'charge card'].map((name) => [sdkSpan(name).status.code, spanEvent(name).status_code])).toEqual([
      [SpanStatusCode.UNSET, 0],
      [SpanStatusCode.OK, 1],
      [SpanStatusCode.ERROR, 2],
    ]);
  });

  it('status.message → status_message, only when set', () => {
    expect(spanEvent('charge card').status_message).toBe('card declined');
    expect('status_message' in spanEvent('reserve stock')).toBe(false);
  });

  it('status.code = ERROR → error = true on the span, its span events and links; absent otherwise', () => {
    const charge = sdkSpan('charge card').spanContext().spanId;
    const children = events.filter(({ event }) => event.fields['trace.parent_id'] === charge && event.fields['meta.annotation_type']);
    expect(spanEvent('charge card').error).toBe(true);
    expect(children.map(({ event }) => event.fields.error)).toEqual([true, true]);
    expect(events.filter(({ event }) => event.fields.error !== undefined)).toHaveLength(3);
  });

  it('scope name, version → library.name, library.version', () => {
    expect([spanEvent('POST /checkout')['library.name'], spanEvent('POST /checkout')['library.version']]).toEqual(['checkout-http', '1.2.3']);
    expect([spanEvent('SELECT stock')['library.name'], spanEvent('SELECT stock')['library.version']]).toEqual(['inventory-db', '0.9.0']);
  });

  it('span event → its own event with name, parent_name, meta.annotation_type span_event, trace.parent_id the span', () => {
    const query = sdkSpan('SELECT stock');
    const rows = events.find(({ event }) => event.fields['meta.annotation_type'] === 'span_event' && event.fields.name === 'rows read')!.event.fields;
    expect(rows).toMatchObject({
      parent_name: 'SELECT stock',
      'trace.parent_id': query.spanContext().spanId,
      'trace.trace_id': query.spanContext().traceId,
      'db.rows': 3,
    });
  });

  it('link → its own event with trace.link.trace_id, trace.link.span_id, parent_name, meta.annotation_type link', () => {
    const charge = sdkSpan('charge card');
    const link = events.find(({ event }) => event.fields['meta.annotation_type'] === 'link')!.event.fields;
    expect(link).toMatchObject({
      'trace.link.trace_id': charge.links[0].context.traceId,
      'trace.link.span_id': charge.links[0].context.spanId,
      parent_name: 'charge card',
      'trace.parent_id': charge.spanContext().spanId,
      'link.reason': 'retry of',
    });
  });

  it('int attribute → an integer field of its name', () => {
    expect(spanEvent('POST /checkout')['http.response.status_code']).toBe(200);
    expect(spanEvent('SELECT stock').SampleRate).toBeUndefined();
  });

  it('double, bool, string attributes → float, boolean and string fields of their names', () => {
    const fields = spanEvent('POST /checkout');
    expect([fields['app.cart_total'], fields['app.is_member'], fields['user.id']]).toEqual([99.95, true, 'u-42']);
  });

  it('bytes attribute → base64 text', () => {
    expect(logFields.raw).toBe('AAEC+g==');
  });

  it('kvlist attribute → a field per entry, a.b, nested lists a.b.c; an empty list none', () => {
    const card = Object.fromEntries(Object.entries(logFields).filter(([name]) => name.startsWith('card') || name.startsWith('empty')));
    expect(card).toEqual({
      'card.last4': '4242',
      'card.expiry': 2027,
      'card.tags': '["gold","eu"]',
      'card.issuer.country': 'NL',
      'card.issuer.bank.name': 'ING',
      'card.issuer.bank.code': 7,
    });
  });

  it('array attribute → JSON text', () => {
    const fields = spanEvent('POST /checkout');
    expect([fields['app.sku_list'], fields['app.quantities'], fields['app.weights'], fields['app.flags']]).toEqual([
      '["sku-1","sku-2"]',
      '[1,2,3]',
      '[0.5,1.25]',
      '[true,false]',
    ]);
  });
});
