import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { startMemoryTelemetry } from '../testing/memory-telemetry.ts';
import { INVALID_WRAP_OPTIONS } from '../messages.ts';
import { setWarningHandler } from '../warn-once.ts';
import { circuitState } from './circuit-breaker.ts';
import { CircuitOpenError, wrap } from './wrap.ts';

const telemetry = startMemoryTelemetry();
afterAll(() => telemetry.shutdown());
beforeEach(() => telemetry.reset());

class CardDeclined extends Error {
  name = 'CardDeclined';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('wrap', () => {
  it('records a call that answers as a client span with outcome ok', async () => {
    const result = await wrap('stripe', 'charge', async () => ({ id: 'ch_1' }));
    expect(result).toEqual({ id: 'ch_1' });
    const span = await telemetry.span('stripe charge');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'vendor.name': 'stripe',
      'vendor.operation': 'charge',
      'vendor.outcome': 'ok',
      'vendor.attempts': 1,
      'vendor.circuit_state': 'closed',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('makes spans started inside the call its children', async () => {
    await wrap('sendgrid', 'send', async () => {
      trace.getTracer('test').startSpan('http POST').end();
    });
    const [inner, outer] = await telemetry.spans();
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
  });

  it('rethrows the vendor error and records it', async () => {
    const declined = new CardDeclined('card declined');
    await expect(wrap('stripe-e', 'charge', async () => Promise.reject(declined))).rejects.toBe(declined);
    const span = await telemetry.span('stripe-e charge');
    expect(span.attributes).toMatchObject({ 'vendor.outcome': 'error', 'error.type': 'CardDeclined' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card declined' });
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.events[0].attributes?.['exception.message']).toBe('card declined');
  });

  it('records a synchronous throw as an error, not as a kit failure', async () => {
    const broken = () => {
      throw new TypeError('not a function');
    };
    await expect(wrap('sync-vendor', 'call', broken)).rejects.toThrow('not a function');
    expect((await telemetry.span('sync-vendor call')).attributes['error.type']).toBe('TypeError');
  });

  it('gives up after timeoutMs with a TimeoutError and aborts the call', async () => {
    let aborted = false;
    const slow = (signal: AbortSignal) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => (aborted = true));
        setTimeout(resolve, 500);
      });
    await expect(wrap('shipfast', 'quote', slow, { timeoutMs: 20 })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(aborted).toBe(true);
    const span = await telemetry.span('shipfast quote');
    expect(span.attributes).toMatchObject({ 'vendor.outcome': 'timeout', 'error.type': 'timeout' });
  });

  it('returns the fallback when the vendor fails, and says so', async () => {
    const rate = await wrap('fx', 'rate', async () => Promise.reject(new Error('503')), { fallback: 1 });
    expect(rate).toBe(1);
    const span = await telemetry.span('fx rate');
    expect(span.attributes).toMatchObject({
      'vendor.outcome': 'fallback',
      'vendor.fallback': true,
      'vendor.fallback_reason': 'error',
      'error.type': 'Error',
    });
  });

  it('lets the fallback be of another type than the answer', async () => {
    const quote: { price: number } | null = await wrap('quotes', 'get', async () => Promise.reject<{ price: number }>(new Error('503')), {
      fallback: null,
    });
    expect(quote).toBeNull();
  });

  it('calls a fallback function with the reason', async () => {
    const reasons: string[] = [];
    const value = await wrap('fx-t', 'rate', () => sleep(200).then(() => 2), {
      timeoutMs: 10,
      fallback: (reason) => {
        reasons.push(reason);
        return 1;
      },
    });
    expect(value).toBe(1);
    expect(reasons).toEqual(['timeout']);
    expect((await telemetry.span('fx-t rate')).attributes['vendor.fallback_reason']).toBe('timeout');
  });

  it('retries with backoff and records the attempts', async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new Error('ECONNRESET');
      return 'sent';
    };
    const result = await wrap('mailer', 'send', flaky, { retries: 3, backoff: { baseMs: 1, maxMs: 2 } });
    expect(result).toBe('sent');
    const span = await telemetry.span('mailer send');
    expect(span.attributes).toMatchObject({ 'vendor.outcome': 'ok', 'vendor.attempts': 3 });
    expect(span.events.map((event) => event.name)).toEqual(['vendor.retry', 'vendor.retry']);
  });

  it('does not retry what retryOn rejects', async () => {
    let calls = 0;
    const call = async () => {
      calls++;
      throw new CardDeclined('declined');
    };
    await expect(wrap('stripe-r', 'charge', call, { retries: 3, retryOn: (error) => !(error instanceof CardDeclined) })).rejects.toBeInstanceOf(CardDeclined);
    expect(calls).toBe(1);
    expect((await telemetry.span('stripe-r charge')).attributes['vendor.attempts']).toBe(1);
  });

  it('opens the circuit after consecutive failures, half-opens after the delay, closes on success', async () => {
    const circuit = { failureThreshold: 2, resetAfterMs: 30 };
    let up = false;
    const vendor = async () => {
      if (!up) throw new Error('down');
      return 'fresh';
    };
    const call = () => wrap('inventory', 'stock', vendor, { circuit, fallback: 'cached' });

    expect(await call()).toBe('cached');
    expect(await call()).toBe('cached');
    expect(circuitState('inventory')).toBe('open');

    let reached = false;
    const open = await wrap('inventory', 'stock', async () => ((reached = true), 'fresh'), { circuit, fallback: 'cached' });
    expect(open).toBe('cached');
    expect(reached).toBe(false);

    await sleep(40);
    up = true;
    expect(await call()).toBe('fresh');
    expect(circuitState('inventory')).toBe('closed');

    const spans = (await telemetry.spans()).map((span) => span.attributes);
    expect(spans.map((a) => [a['vendor.circuit_state'], a['vendor.outcome'], a['vendor.fallback_reason']])).toEqual([
      ['closed', 'fallback', 'error'],
      ['closed', 'fallback', 'error'],
      ['open', 'fallback', 'circuit_open'],
      ['half_open', 'ok', undefined],
    ]);
  });

  it('reopens when the half-open trial fails', async () => {
    const circuit = { failureThreshold: 1, resetAfterMs: 10 };
    const down = async () => Promise.reject(new Error('down'));
    await wrap('geo', 'lookup', down, { circuit, fallback: null });
    await sleep(15);
    await wrap('geo', 'lookup', down, { circuit, fallback: null });
    expect(circuitState('geo')).toBe('open');
  });

  it('lets only the trial call through while half-open', async () => {
    const circuit = { failureThreshold: 1, resetAfterMs: 10 };
    await wrap('search', 'query', async () => Promise.reject(new Error('down')), { circuit, fallback: [] });
    await sleep(15);
    const trial = wrap('search', 'query', () => sleep(30).then(() => ['fresh']), { circuit, fallback: [] });
    const meanwhile = await wrap('search', 'query', async () => ['also fresh'], { circuit, fallback: [] });
    expect(meanwhile).toEqual([]);
    expect(await trial).toEqual(['fresh']);
    const [, skipped, trialSpan] = (await telemetry.spans()).map((span) => span.attributes);
    expect(skipped).toMatchObject({ 'vendor.circuit_state': 'half_open', 'vendor.fallback_reason': 'circuit_open' });
    expect(trialSpan).toMatchObject({ 'vendor.circuit_state': 'half_open', 'vendor.outcome': 'ok' });
  });

  it('rejects with CircuitOpenError when the circuit is open and there is no fallback', async () => {
    const circuit = { failureThreshold: 1, resetAfterMs: 60_000 };
    await expect(wrap('tax', 'quote', async () => Promise.reject(new Error('down')), { circuit })).rejects.toThrow('down');
    await expect(wrap('tax', 'quote', async () => 1, { circuit })).rejects.toBeInstanceOf(CircuitOpenError);
    const [, skipped] = await telemetry.spans();
    expect(skipped.attributes).toMatchObject({
      'vendor.outcome': 'error',
      'vendor.circuit_state': 'open',
      'vendor.attempts': 0,
      'error.type': 'CircuitOpenError',
    });
  });

  it('warns once about bad options and uses the defaults', async () => {
    const warnings: string[] = [];
    setWarningHandler((message) => warnings.push(message));
    try {
      const options = { timeoutMs: 2 ** 31, retries: 1.5, circuit: false as const };
      expect(await wrap('maps', 'geocode', async () => 'ok', options)).toBe('ok');
      expect(await wrap('maps', 'geocode', async () => 'ok', options)).toBe('ok');
      expect(warnings).toEqual([INVALID_WRAP_OPTIONS]);
      const span = (await telemetry.spans())[0];
      expect(span.attributes['vendor.circuit_state']).toBeUndefined();
    } finally {
      setWarningHandler(undefined);
    }
  });
});
