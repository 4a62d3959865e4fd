// Payloads the real OpenTelemetry JS SDK sends (its own OTLP serializers, as its
// exporters use them), decoded in both encodings and compared field by field with the
// spans and log records the SDK held.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { HrTime } from '@opentelemetry/api';
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetBatch, FieldValue, WideEvent } from '../../events/wide-event.ts';
import { makeSdkLogRecords, makeSdkSpans, SPAN_ATTRIBUTES } from './fixtures/sdk-telemetry.ts';
import { decodeLogs, decodeTraces, type DecodedOtlp, type OtlpFormat } from './index.ts';

const KIND_NAMES: Record<SpanKind, string> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

/** Event time in µs as OTLP carries it: whole nanoseconds, truncated (floats would round up). */
function micros([seconds, nanos]: HrTime): number {
  return seconds * 1e6 + Math.floor(Math.trunc(nanos) / 1000);
}

/** What an SDK body value, or an attribute that is no map, should look like as a field. */
function asField(value: unknown): FieldValue {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value as FieldValue;
}

/** The fields an SDK attribute should become: a map one field per entry, `key.entry`, as Honeycomb flattens it. */
function attributeFields(key: string, value: unknown): [string, FieldValue][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) return [[key, asField(value)]];
  return Object.entries(value).flatMap(([entry, inner]) => attributeFields(`${key}.${entry}`, inner));
}

function expectAttributes(fields: Record<string, FieldValue>, attributes: Record<string, unknown>, skip: (key: string) => boolean = () => false) {
  for (const [key, value] of Object.entries(attributes)) {
    if (skip(key)) continue;
    for (const [name, field] of attributeFields(key, value)) expect(fields[name], name).toEqual(field);
  }
}

function serviceOf(resourceAttributes: Record<string, unknown>): string {
  return (resourceAttributes['service.name'] as string | undefined) ?? 'unknown_service';
}

function allEvents(decoded: DecodedOtlp): { dataset: string; event: WideEvent }[] {
  return decoded.batches.flatMap((batch: DatasetBatch) => batch.events.map((event) => ({ dataset: batch.dataset, event })));
}

describe.each<OtlpFormat>(['protobuf', 'json'])('traces from the OpenTelemetry JS SDK, as %s', (format) => {
  let spans: ReadableSpan[];
  let decoded: DecodedOtlp;
  let events: { dataset: string; event: WideEvent }[];

  beforeAll(async () => {
    spans = await makeSdkSpans();
    const serializer = format === 'protobuf' ? ProtobufTraceSerializer : JsonTraceSerializer;
    decoded = decodeTraces(serializer.serializeRequest(spans)!, format, 'prod');
    events = allEvents(decoded);
  });

  it('keeps every span, one dataset per service, in the given environment', () => {
    expect(decoded.rejected).toBe(0);
    expect(decoded.errorMessage).toBeUndefined();
    expect(decoded.batches.map((b) => [b.environment, b.dataset])).toEqual([
      ['prod', 'checkout'],
      ['prod', 'inventory'],
    ]);
    const spanEvents = events.filter(({ event }) => event.fields['meta.annotation_type'] === undefined);
    expect(spanEvents).toHaveLength(spans.length);
  });

  it('carries each span field by field as the SDK recorded it', () => {
    for (const span of spans) {
      const ctx = span.spanContext();
      const found = events.find(({ event }) => event.fields['trace.span_id'] === ctx.spanId);
      expect(found, span.name).toBeDefined();
      const { dataset, event } = found!;
      const { fields } = event;
      expect(dataset).toBe(serviceOf(span.resource.attributes));
      expect(event.timeUs).toBe(micros(span.startTime));
      expect(fields.name).toBe(span.name);
      expect(fields['trace.trace_id']).toBe(ctx.traceId);
      expect(fields['trace.parent_id']).toBe(span.parentSpanContext?.spanId);
      expect(fields.duration_ms as number).toBeCloseTo(hrTimeToMilliseconds(span.duration), 9);
      expect(fields['span.kind']).toBe(KIND_NAMES[span.kind]);
      expect(fields.type).toBe(KIND_NAMES[span.kind]);
      expect(fields['span.num_events']).toBe(span.events.length);
      expect(fields['span.num_links']).toBe(span.links.length);
      // The SDK's SpanStatusCode is OTLP's number, which Honeycomb stores as it is.
      expect(fields.status_code).toBe(span.status.code);
      expect(fields.status_message).toBe(span.status.message);
      expect(fields.error).toBe(span.status.code === SpanStatusCode.ERROR ? true : undefined);
      expect(fields['service.name']).toBe(dataset);
      expect(fields['library.name']).toBe(span.instrumentationScope.name);
      expect(fields['library.version']).toBe(span.instrumentationScope.version);
      expect(fields['meta.signal_type']).toBe('trace');
      const traceState = ctx.traceState?.serialize();
      expect(fields['trace.trace_state']).toBe(traceState === '' ? undefined : traceState);
      for (const [key, value] of Object.entries(span.resource.attributes)) {
        if (!(key in span.attributes)) expect(fields[key], key).toEqual(asField(value));
      }
      for (const [key, value] of Object.entries(span.attributes)) {
        if (key === 'SampleRate') expect(fields[key]).toBeUndefined();
        else expect(fields[key], key).toEqual(asField(value));
      }
    }
  });

  it('turns attributes of every type into fields, keeping awkward keys as they are', () => {
    const root = events.find(({ event }) => event.fields.name === 'POST /checkout')!.event;
    for (const [key, value] of Object.entries(SPAN_ATTRIBUTES)) expect(root.fields[key], key).toEqual(asField(value));
    expect(root.fields['app.quantities']).toBe('[1,2,3]');
    expect(root.fields['app.cart_total']).toBe(99.95);
    expect(root.fields['x"; DROP TABLE events; --']).toBe('value 4');
  });

  it('lets a span attribute win over a resource attribute of the same name', () => {
    const reserve = events.find(({ event }) => event.fields.name === 'reserve stock')!.event;
    const query = events.find(({ event }) => event.fields.name === 'SELECT stock')!.event;
    expect(reserve.fields['http.route']).toBe('/reserve');
    expect(query.fields['http.route']).toBe('resource-route');
  });

  it('makes span events (the exception) and links events of their own, tied to the span', () => {
    for (const span of spans) {
      const spanId = span.spanContext().spanId;
      const children = events.filter(({ event }) => event.fields['trace.parent_id'] === spanId && event.fields['meta.annotation_type']);
      const annotations = children.filter(({ event }) => event.fields['meta.annotation_type'] === 'span_event');
      const links = children.filter(({ event }) => event.fields['meta.annotation_type'] === 'link');
      expect(annotations).toHaveLength(span.events.length);
      expect(links).toHaveLength(span.links.length);
      span.events.forEach((spanEvent, i) => {
        const { dataset, event } = annotations[i];
        expect(dataset).toBe(serviceOf(span.resource.attributes));
        expect(event.timeUs).toBe(micros(spanEvent.time));
        expect(event.fields.name).toBe(spanEvent.name);
        expect(event.fields.parent_name).toBe(span.name);
        expect(event.fields.error).toBe(span.status.code === SpanStatusCode.ERROR ? true : undefined);
        expect(event.fields['trace.trace_id']).toBe(span.spanContext().traceId);
        expect(event.fields['service.name']).toBe(dataset);
        for (const [key, value] of Object.entries(spanEvent.attributes ?? {})) expect(event.fields[key], key).toEqual(asField(value));
      });
      span.links.forEach((link, i) => {
        const { event } = links[i];
        expect(event.fields['trace.link.trace_id']).toBe(link.context.traceId);
        expect(event.fields['trace.link.span_id']).toBe(link.context.spanId);
        expect(event.fields.parent_name).toBe(span.name);
        expect(event.fields['trace.trace_id']).toBe(span.spanContext().traceId);
        for (const [key, value] of Object.entries(link.attributes ?? {})) expect(event.fields[key], key).toEqual(asField(value));
      });
    }
    const exception = events.find(({ event }) => event.fields.name === 'exception')!.event;
    expect(exception.fields['exception.type']).toBe('TypeError');
    expect(exception.fields['exception.message']).toBe('card declined');
  });

  it('weighs events by the sample rate of the SampleRate attribute or the tracestate threshold', () => {
    const rateOf = (name: string) => events.find(({ event }) => event.fields.name === name)!.event.sampleRate;
    expect(rateOf('SELECT stock')).toBe(10);
    expect(rateOf('rows read')).toBe(10);
    expect(rateOf('consume order')).toBe(2);
    expect(rateOf('POST /checkout')).toBe(1);
  });
});

describe.each<OtlpFormat>(['protobuf', 'json'])('logs from the OpenTelemetry JS SDK, as %s', (format) => {
  let records: ReadableLogRecord[];
  let decoded: DecodedOtlp;

  beforeAll(async () => {
    records = await makeSdkLogRecords();
    const serializer = format === 'protobuf' ? ProtobufLogsSerializer : JsonLogsSerializer;
    decoded = decodeLogs(serializer.serializeRequest(records)!, format, 'staging');
  });

  it('carries each log record field by field as the SDK recorded it', () => {
    expect(decoded.rejected).toBe(0);
    expect(decoded.batches.map((b) => [b.environment, b.dataset, b.events.length])).toEqual([
      ['staging', 'checkout', 5],
      ['staging', 'unknown_service', 1],
    ]);
    const events = allEvents(decoded);
    expect(events).toHaveLength(records.length);
    records.forEach((record, i) => {
      const { dataset, event } = events[i];
      const { fields } = event;
      expect(dataset).toBe(serviceOf(record.resource.attributes));
      expect(event.timeUs).toBe(micros(record.hrTime));
      expect(fields['meta.signal_type']).toBe('log');
      expect(fields.body).toBe(typeof record.body === 'number' ? String(record.body) : asField(record.body));
      expect(fields.severity_number).toBe(record.severityNumber ?? 0);
      expect(fields['trace.trace_id']).toBe(record.spanContext?.traceId);
      expect(fields['trace.span_id']).toBe(record.spanContext?.spanId);
      expect(fields['event.name']).toBe(record.eventName);
      expect(fields['library.name']).toBe(record.instrumentationScope.name);
      expectAttributes(fields, record.resource.attributes);
      expectAttributes(fields, record.attributes, (key) => key === 'sampleRate');
      if ('sampleRate' in record.attributes) expect(event.sampleRate).toBe(record.attributes.sampleRate);
    });
  });

  it('flattens a map attribute into a field per entry and keeps arrays as JSON text, as Honeycomb does', () => {
    const { fields } = allEvents(decoded)[0].event;
    expect(fields['detail.card.last4']).toBe('4242');
    expect(fields['detail.card.expiry']).toBe(2027);
    expect('detail' in fields || 'detail.card' in fields).toBe(false);
    expect(fields.tags).toBe('["a","b"]');
  });

  it('takes the severity text when sent and derives it from the number otherwise', () => {
    expect(allEvents(decoded).map(({ event }) => event.fields.severity)).toEqual(['WARN', 'info', 'error', undefined, undefined, 'debug']);
  });

  it('makes structured bodies JSON text and byte bodies base64', () => {
    const bodies = allEvents(decoded).map(({ event }) => event.fields.body);
    expect(bodies).toEqual(['payment declined', '{"event":"checkout","items":3,"paid":true}', '42', 'AAEC+g==', '["one",2,{"three":3}]', 'starting']);
  });
});
