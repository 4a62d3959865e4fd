import { afterAll, describe, expect, it } from 'vitest';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { startMemoryTelemetry } from './testing/memory-telemetry.ts';
import { inheritedFields, withFields } from './fields.ts';

const telemetry = startMemoryTelemetry({ propagateFieldsTo: ['api.internal', 'localhost:4001'] });
afterAll(() => telemetry.shutdown());

/** The headers HTTP instrumentation would send for a request to host:port made inside `fields`. */
function headersFor(
  host: string,
  port: number,
  fields: Record<string, string | number | boolean> = { 'user.id': 'u-42', 'user.vip': true },
): Record<string, string> {
  return withFields(fields, () => {
    const span = trace.getTracer('test').startSpan('GET', {
      kind: SpanKind.CLIENT,
      attributes: { 'server.address': host, 'server.port': port },
    });
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), headers);
    span.end();
    return headers;
  });
}

describe('FieldPropagator', () => {
  it('sends fields as typed baggage to allowed hosts only', () => {
    expect(headersFor('api.internal', 443).baggage).toBe('user.id=u-42;flashlight=s,user.vip=true;flashlight=b');
    expect(headersFor('localhost', 4001).baggage).toBeDefined();
    expect(headersFor('localhost', 4002).baggage).toBeUndefined();
    expect(headersFor('api.stripe.com', 443).baggage).toBeUndefined();
    expect(headersFor('api.stripe.com', 443).traceparent).toBeDefined();
  });

  it('turns received fields back into typed inherited fields', () => {
    const ctx = propagation.extract(context.active(), { baggage: headersFor('api.internal', 443).baggage });
    expect(inheritedFields(ctx)).toEqual({ 'user.id': 'u-42', 'user.vip': true });
    expect(propagation.getBaggage(ctx)).toBeUndefined();
  });

  it('carries values with separators, quotes and non-ASCII text intact', () => {
    const fields = { 'app.query': 'a,b;c=d "x" %20 é', 'cart.total': -12.5, 'user.beta': false };
    const ctx = propagation.extract(context.active(), { baggage: headersFor('api.internal', 443, fields).baggage });
    expect(inheritedFields(ctx)).toEqual(fields);
  });
});
