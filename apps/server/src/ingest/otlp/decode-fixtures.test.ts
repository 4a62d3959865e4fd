// The stored payloads captured from the real OTLP/HTTP exporters (see fixtures/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WideEvent } from '../../events/wide-event.ts';
import { decodeLogs, decodeTraces } from './index.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

describe('captured trace payloads', () => {
  const fromProtobuf = decodeTraces(fixture('traces.otlp.pb'), 'protobuf', 'prod');
  const fromJson = decodeTraces(fixture('traces.otlp.json'), 'json', 'prod');
  const events: WideEvent[] = fromProtobuf.batches.flatMap((b) => b.events);
  const spanNamed = (name: string) => events.find((e) => e.fields.name === name && e.fields['meta.annotation_type'] === undefined)!;

  it('decode to the same events from protobuf and from JSON', () => {
    expect(fromJson).toEqual(fromProtobuf);
    expect(fromProtobuf.rejected).toBe(0);
  });

  it('decode the same from a view into a larger buffer, as pooled request buffers are', () => {
    const body = fixture('traces.otlp.pb');
    const pool = new Uint8Array(body.length + 11);
    pool.set(body, 5);
    expect(decodeTraces(pool.subarray(5, 5 + body.length), 'protobuf', 'prod')).toEqual(fromProtobuf);
  });

  it('hold one dataset per service, with spans, span events and links', () => {
    const summary = fromProtobuf.batches.map((b) => [b.dataset, b.events.map((e) => e.fields['meta.annotation_type'] ?? e.fields.name)]);
    expect(summary).toEqual([
      ['checkout', ['charge card', 'span_event', 'link', 'POST /checkout', 'publish order']],
      ['inventory', ['SELECT stock', 'span_event', 'reserve stock', 'consume order']],
    ]);
  });

  it('link the trace across both services', () => {
    const root = spanNamed('POST /checkout');
    const reserve = spanNamed('reserve stock');
    const query = spanNamed('SELECT stock');
    expect(root.fields['trace.parent_id']).toBeUndefined();
    expect(reserve.fields['trace.parent_id']).toBe(root.fields['trace.span_id']);
    expect(query.fields['trace.parent_id']).toBe(reserve.fields['trace.span_id']);
    expect(new Set([root, reserve, query].map((e) => e.fields['trace.trace_id'])).size).toBe(1);
    expect([root.fields['service.name'], reserve.fields['service.name']]).toEqual(['checkout', 'inventory']);
  });

  it('keep the error, the exception and the link of the failed call', () => {
    const charge = spanNamed('charge card');
    expect([charge.fields.error, charge.fields.status_code, charge.fields.status_message, charge.fields['span.kind']]).toEqual([
      true,
      2,
      'card declined',
      'client',
    ]);
    const exception = events.find((e) => e.fields.name === 'exception')!;
    expect(exception.fields['trace.parent_id']).toBe(charge.fields['trace.span_id']);
    expect(exception.fields['exception.type']).toBe('TypeError');
    const link = events.find((e) => e.fields['meta.annotation_type'] === 'link')!;
    expect([link.fields['trace.link.trace_id'], link.fields['trace.link.span_id'], link.fields['link.reason']]).toEqual([
      '5b8efff798038103d269b633813fc60c',
      'eee19b7ec3c1b174',
      'retry of',
    ]);
  });

  it('weigh sampled spans by their rate', () => {
    expect(spanNamed('SELECT stock').sampleRate).toBe(10);
    expect(spanNamed('consume order').sampleRate).toBe(2);
    expect(spanNamed('consume order').fields['trace.trace_state']).toBe('ot=th:8;rv:ab12cd34ef5678,vendor=x');
    expect(spanNamed('POST /checkout').sampleRate).toBe(1);
  });
});

describe('captured log payloads', () => {
  const fromProtobuf = decodeLogs(fixture('logs.otlp.pb'), 'protobuf', 'prod');
  const fromJson = decodeLogs(fixture('logs.otlp.json'), 'json', 'prod');

  it('decode to the same events from protobuf and from JSON', () => {
    expect(fromJson).toEqual(fromProtobuf);
  });

  it('keep bodies, severities and trace context', () => {
    const rows = fromProtobuf.batches.flatMap((b) => b.events.map((e) => [b.dataset, e.fields.severity, e.fields.body, e.sampleRate]));
    expect(rows).toEqual([
      ['checkout', 'WARN', 'payment declined', 1],
      ['checkout', 'info', '{"event":"checkout","items":3,"paid":true}', 1],
      ['checkout', 'error', '42', 1],
      ['checkout', undefined, 'AAEC+g==', 5],
      ['checkout', undefined, '["one",2,{"three":3}]', 1],
      ['unknown_service', 'debug', 'starting', 1],
    ]);
    const first = fromProtobuf.batches[0].events[0].fields;
    expect([first['trace.trace_id'], first['trace.span_id'], first['detail.card.last4'], first['detail.card.expiry']]).toEqual([
      '0af7651916cd43dd8448eb211c80319c',
      'b7ad6b7169203331',
      '4242',
      2027,
    ]);
  });
});
