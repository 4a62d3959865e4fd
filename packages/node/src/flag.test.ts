import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { startMemoryTelemetry } from './testing/memory-telemetry.ts';
import { flag } from './flag.ts';
import { INVALID_FLAG_OPTIONS } from './messages.ts';
import { setWarningHandler } from './warn-once.ts';

const telemetry = startMemoryTelemetry();
afterAll(() => telemetry.shutdown());
beforeEach(() => telemetry.reset());

/** Runs `fn` inside a request span and returns what it returned and the span's events. */
async function inRequest<T>(fn: () => Promise<T>) {
  const value = await trace.getTracer('test').startActiveSpan('GET /checkout', async (span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
  const span = await telemetry.span('GET /checkout');
  return { value, events: span.events, attributes: span.attributes };
}

const user = { targetingKey: 'user-42', plan: 'pro' };

describe('flag', () => {
  it('returns the vendor value and records the evaluation with its variant and reason', async () => {
    const { value, events, attributes } = await inRequest(() =>
      flag('new-checkout', user, false, async () => ({ value: true, variant: 'on', reason: 'TARGETING_MATCH' }), {
        provider: 'flagsmith',
      }),
    );
    expect(value).toBe(true);
    expect(attributes['flag.new-checkout']).toBe(true);
    expect(events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'feature_flag.evaluation',
        {
          'feature_flag.key': 'new-checkout',
          'feature_flag.provider.name': 'flagsmith',
          'feature_flag.context.id': 'user-42',
          'feature_flag.result.reason': 'targeting_match',
          'feature_flag.result.variant': 'on',
          'feature_flag.result.value': true,
        },
      ],
    ]);
  });

  it('accepts a bare value from the vendor', async () => {
    const { value, events } = await inRequest(() => flag('page-size', {}, 20, () => 50));
    expect(value).toBe(50);
    expect(events[0].attributes).toMatchObject({ 'feature_flag.result.value': 50, 'feature_flag.result.reason': 'unknown' });
  });

  it('records object values as JSON', async () => {
    const { events } = await inRequest(() => flag<Record<string, number>>('limits', {}, {}, async () => ({ value: { max: 3 } })));
    expect(events[0].attributes?.['feature_flag.result.value']).toBe('{"max":3}');
  });

  it('returns the default and says so when the vendor throws', async () => {
    const offline = async (): Promise<boolean> => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7777'), { code: 'ECONNREFUSED' });
    };
    const { value, events, attributes } = await inRequest(() => flag('new-checkout', user, false, offline));
    expect(value).toBe(false);
    expect(attributes['flag.new-checkout']).toBe(false);
    expect(events[0].attributes).toMatchObject({
      'feature_flag.result.reason': 'error',
      'feature_flag.result.value': false,
      'error.type': 'ECONNREFUSED',
      'error.message': 'connect ECONNREFUSED 127.0.0.1:7777',
    });
  });

  it('returns the default after timeoutMs when the vendor is slow', async () => {
    let aborted = false;
    // The vendor answers only when aborted, and then too late: the default comes from the timeout.
    const slow = (_key: string, _ctx: unknown, signal: AbortSignal) =>
      new Promise<boolean>((resolve) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          setTimeout(() => resolve(true), 10);
        });
      });
    const { value, events } = await inRequest(() => flag('new-checkout', user, false, slow, { timeoutMs: 20 }));
    expect(value).toBe(false);
    expect(aborted).toBe(true);
    expect(events[0].attributes).toMatchObject({ 'feature_flag.result.reason': 'error', 'error.type': 'timeout' });
  });

  it('records the evaluation as a log event when there is no span', async () => {
    expect(await flag('batch-size', {}, 100, () => Promise.reject(new Error('offline')))).toBe(100);
    const [record] = await telemetry.logs();
    expect(record.eventName).toBe('feature_flag.evaluation');
    expect(record.attributes).toMatchObject({
      'feature_flag.key': 'batch-size',
      'feature_flag.result.reason': 'error',
      'feature_flag.result.value': 100,
    });
  });

  it('never rejects, even without a span or with a broken evaluator', async () => {
    const notAFunction = 'oops' as unknown as () => string;
    await expect(flag<string>('x', {}, 'default', notAFunction)).resolves.toBe('default');
  });

  it('warns once about a bad timeout and uses the default one', async () => {
    const warnings: string[] = [];
    setWarningHandler((message) => warnings.push(message));
    try {
      await flag('a', {}, 1, () => 2, { timeoutMs: Number.NaN });
      await flag('a', {}, 1, () => 2, { timeoutMs: 0 });
      expect(warnings).toEqual([INVALID_FLAG_OPTIONS]);
    } finally {
      setWarningHandler(undefined);
    }
  });
});
