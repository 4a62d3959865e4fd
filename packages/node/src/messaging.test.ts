import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { startMemoryTelemetry } from './testing/memory-telemetry.ts';
import { MAX_RECEIVED_FIELDS } from './field-propagator.ts';
import { withFields } from './fields.ts';
import { consume, extractContext, injectContext, produce } from './messaging.ts';

const telemetry = startMemoryTelemetry({ propagateFieldsTo: ['emails'] });
afterAll(() => telemetry.shutdown());
beforeEach(() => telemetry.reset());

/** A queue as simple as they come: messages with headers, kept in order. */
const queue: { topic: string; body: string; headers: Record<string, string> }[] = [];
beforeEach(() => {
  queue.length = 0;
});

describe('queue messages', () => {
  it('links the consumer span to the producer span by default', async () => {
    await produce('emails', (headers) => queue.push({ topic: 'emails', body: 'welcome', headers }), { system: 'rabbitmq' });
    const message = queue[0];
    expect(message.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await consume('emails', message.headers, () => 'sent', { system: 'rabbitmq', messageId: 'm-1' });

    const producer = await telemetry.span('send emails');
    const consumer = await telemetry.span('process emails');
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(producer.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': 'emails',
      'messaging.operation.type': 'send',
    });
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.attributes).toMatchObject({ 'messaging.operation.type': 'process', 'messaging.message.id': 'm-1' });
    expect(consumer.links.map((link) => link.context.spanId)).toEqual([producer.spanContext().spanId]);
    expect(consumer.spanContext().traceId).not.toBe(producer.spanContext().traceId);
  });

  it('continues the producer trace with childOfProducer', async () => {
    await produce('jobs', (headers) => queue.push({ topic: 'jobs', body: 'resize', headers }));
    await consume('jobs', queue[0].headers, () => undefined, { childOfProducer: true });
    const producer = await telemetry.span('send jobs');
    const consumer = await telemetry.span('process jobs');
    expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
  });

  it('carries inherited fields, typed, to allowed topics only', async () => {
    await withFields({ 'user.id': 'u-9', 'user.vip': true, 'cart.total': 12.5 }, async () => {
      await produce('emails', (headers) => queue.push({ topic: 'emails', body: 'receipt', headers }));
      await produce('audit', (headers) => queue.push({ topic: 'audit', body: 'receipt', headers }));
    });
    expect(queue[0].headers.baggage).toContain('user.id=u-9;flashlight=s');
    expect(queue[1].headers.baggage).toBeUndefined();

    await consume('emails', queue[0].headers, () => trace.getTracer('test').startSpan('smtp send').end());
    expect((await telemetry.span('smtp send')).attributes).toMatchObject({ 'user.id': 'u-9', 'user.vip': true, 'cart.total': 12.5 });
    expect((await telemetry.span('process emails')).attributes['user.id']).toBe('u-9');
  });

  it('leaves third-party baggage alone and ignores unmarked entries as fields', async () => {
    const headers = { baggage: 'user.id=forged,tenant=acme' };
    const ctx = extractContext(headers);
    const out = injectContext<Record<string, string>>({}, ctx);
    expect(out.baggage).toBe('user.id=forged,tenant=acme');
    await consume('emails', headers, () => undefined);
    expect((await telemetry.span('process emails')).attributes['user.id']).toBeUndefined();
  });

  it('takes a bounded number of fields from one message', async () => {
    const entries = Array.from({ length: 100 }, (_, i) => `app.f${i}=${i};flashlight=n`);
    await consume('emails', { baggage: entries.join(',') }, () => undefined);
    const attributes = (await telemetry.span('process emails')).attributes;
    expect(Object.keys(attributes).filter((key) => key.startsWith('app.f'))).toHaveLength(MAX_RECEIVED_FIELDS);
    expect(attributes['app.f0']).toBe(0);
  });

  it('reads headers given as buffers or lists, as queue clients hand them over', async () => {
    await produce('orders', (headers) => queue.push({ topic: 'orders', body: '{}', headers }));
    const kafkaHeaders = { traceparent: Buffer.from(queue[0].headers.traceparent), other: [Buffer.from('x')] };
    await consume('orders', kafkaHeaders, () => undefined);
    const consumer = await telemetry.span('process orders');
    expect(consumer.links[0].context.spanId).toBe((await telemetry.span('send orders')).spanContext().spanId);
  });

  it('makes a message without trace context a child of the active span, with no link', async () => {
    await trace.getTracer('test').startActiveSpan('poll emails', async (poll) => {
      await consume('emails', { 'content-type': 'text/plain' }, () => undefined);
      poll.end();
    });
    const consumer = await telemetry.span('process emails');
    expect(consumer.links).toEqual([]);
    expect(consumer.parentSpanContext?.spanId).toBe((await telemetry.span('poll emails')).spanContext().spanId);
  });

  it('records a failed handler and rethrows it', async () => {
    const bounce = new Error('mailbox full');
    await expect(consume('emails', {}, () => Promise.reject(bounce))).rejects.toBe(bounce);
    const consumer = await telemetry.span('process emails');
    expect(consumer.status.code).toBe(SpanStatusCode.ERROR);
    expect(consumer.links).toEqual([]);
  });
});
