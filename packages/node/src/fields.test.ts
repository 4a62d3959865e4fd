import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { startMemoryTelemetry } from './testing/memory-telemetry.ts';
import { addFields, withFields } from './fields.ts';
import { INVALID_FIELD_VALUE } from './messages.ts';
import { setWarningHandler } from './warn-once.ts';

const telemetry = startMemoryTelemetry();
afterAll(() => telemetry.shutdown());
beforeEach(() => telemetry.reset());

const tracer = trace.getTracer('test');

function inSpan<T>(name: string, fn: () => T, attributes = {}): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      return fn();
    } finally {
      span.end();
    }
  });
}

describe('wide-event fields', () => {
  it('addFields puts fields on the active span only', async () => {
    inSpan('request', () => {
      addFields({ 'user.id': 'u-7', 'cart.items': 3, 'user.beta': true });
      inSpan('db query', () => {});
    });
    expect((await telemetry.span('request')).attributes).toMatchObject({ 'user.id': 'u-7', 'cart.items': 3, 'user.beta': true });
    expect((await telemetry.span('db query')).attributes['user.id']).toBeUndefined();
  });

  it('withFields puts fields on the active span and every span started inside, across awaits', async () => {
    await inSpan('request', () =>
      withFields({ 'user.id': 'u-7', 'app.team': 'growth' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        inSpan('vendor call', () => inSpan('http POST', () => {}));
      }),
    );
    inSpan('unrelated', () => {});
    for (const name of ['request', 'vendor call', 'http POST']) {
      expect((await telemetry.span(name)).attributes).toMatchObject({ 'user.id': 'u-7', 'app.team': 'growth' });
    }
    expect((await telemetry.span('unrelated')).attributes['user.id']).toBeUndefined();
  });

  it('withFields puts fields on log records emitted inside, unless the record has its own', async () => {
    withFields({ 'user.id': 'u-7', 'app.team': 'growth' }, () => {
      logs.getLogger('test').emit({ body: 'payment declined', attributes: { 'app.team': 'payments' } });
    });
    const [record] = await telemetry.logs();
    expect(record.attributes).toEqual({ 'user.id': 'u-7', 'app.team': 'payments' });
  });

  it('nests: inner fields add to and override outer ones; a span keeps its own attributes', async () => {
    withFields({ 'app.team': 'growth', 'user.id': 'u-1' }, () => withFields({ 'user.id': 'u-2' }, () => inSpan('job', () => {}, { 'app.team': 'billing' })));
    expect((await telemetry.span('job')).attributes).toMatchObject({ 'user.id': 'u-2', 'app.team': 'billing' });
  });

  it('drops values that are not strings, numbers or booleans, warning once', async () => {
    const warnings: string[] = [];
    setWarningHandler((message, detail) => warnings.push(`${message} | ${detail}`));
    try {
      inSpan('request', () => {
        addFields({ 'user.id': 'u-7', 'user.profile': { name: 'x' }, 'user.email': undefined });
        addFields({ 'user.tags': ['a'] });
      });
      expect((await telemetry.span('request')).attributes).toEqual({ 'user.id': 'u-7' });
      expect(warnings).toEqual([`${INVALID_FIELD_VALUE} | field "user.profile" is object`]);
    } finally {
      setWarningHandler(undefined);
    }
  });
});
