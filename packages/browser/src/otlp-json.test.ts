import { describe, expect, it } from 'vitest';
import { encodeTraces, toUnixNano } from './otlp-json.ts';
import type { FinishedSpan } from './tracer.ts';

const SCOPE = { name: '@flashlight/browser', version: '0.1.0' };

const click: FinishedSpan = {
  context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true },
  name: 'click',
  kind: 1,
  startMs: 1_764_288_000_123.25,
  endMs: 1_764_288_000_130.5,
  attributes: { 'target.selector': '#load-more', 'user.id': '42', retries: 3, 'runaway.rate_per_s': 2.2, 'browser.mobile': false },
  events: [],
};

const failedFetch: FinishedSpan = {
  context: { traceId: click.context.traceId, spanId: 'b7ad6b7169203331', sampled: true },
  parentSpanId: click.context.spanId,
  name: 'GET /api/products',
  kind: 3,
  startMs: 1_764_288_000_124,
  endMs: 1_764_288_000_224,
  attributes: { 'http.response.status_code': 503 },
  events: [{ name: 'exception', timeMs: 1_764_288_000_224, attributes: { 'exception.message': 'HTTP 503' } }],
  errorMessage: 'HTTP 503',
};

describe('toUnixNano', () => {
  it('writes exact nanoseconds as a decimal string, beyond what a double holds', () => {
    expect(toUnixNano(1_764_288_000_123.25)).toBe('1764288000123250000');
    expect(toUnixNano(1_764_288_000_000)).toBe('1764288000000000000');
    expect(toUnixNano(1_764_288_000_000.5)).toBe('1764288000000500000');
  });
});

describe('encodeTraces', () => {
  it('leaves out numbers JSON cannot hold', () => {
    const odd = { ...click, attributes: { 'cart.total': NaN, 'web_vitals.cls': Infinity, 'cart.items': 2 } };
    const [span] = encodeTraces({}, SCOPE, [odd]).resourceSpans[0].scopeSpans[0].spans;
    expect(span.attributes).toEqual([{ key: 'cart.items', value: { intValue: '2' } }]);
  });

  it('cuts string values at 4096 characters', () => {
    const long = { ...click, attributes: { 'url.full': 'https://shop.example/?q=' + 'x'.repeat(10_000) } };
    const [span] = encodeTraces({}, SCOPE, [long]).resourceSpans[0].scopeSpans[0].spans;
    expect(span.attributes[0].value.stringValue).toHaveLength(4096);
  });

  it('nests resource → scope → spans with OTLP/JSON value and status encoding', () => {
    const request = encodeTraces({ 'service.name': 'shop-web', 'session.id': 'abc' }, SCOPE, [click, failedFetch]);
    expect(request).toEqual({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'shop-web' } },
              { key: 'session.id', value: { stringValue: 'abc' } },
            ],
          },
          scopeSpans: [
            {
              scope: SCOPE,
              spans: [
                {
                  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
                  spanId: '00f067aa0ba902b7',
                  name: 'click',
                  kind: 1,
                  startTimeUnixNano: '1764288000123250000',
                  endTimeUnixNano: '1764288000130500000',
                  attributes: [
                    { key: 'target.selector', value: { stringValue: '#load-more' } },
                    { key: 'user.id', value: { stringValue: '42' } },
                    { key: 'retries', value: { intValue: '3' } },
                    { key: 'runaway.rate_per_s', value: { doubleValue: 2.2 } },
                    { key: 'browser.mobile', value: { boolValue: false } },
                  ],
                  events: [],
                  status: { code: 0 },
                },
                {
                  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
                  spanId: 'b7ad6b7169203331',
                  parentSpanId: '00f067aa0ba902b7',
                  name: 'GET /api/products',
                  kind: 3,
                  startTimeUnixNano: '1764288000124000000',
                  endTimeUnixNano: '1764288000224000000',
                  attributes: [{ key: 'http.response.status_code', value: { intValue: '503' } }],
                  events: [
                    {
                      timeUnixNano: '1764288000224000000',
                      name: 'exception',
                      attributes: [{ key: 'exception.message', value: { stringValue: 'HTTP 503' } }],
                    },
                  ],
                  status: { code: 2, message: 'HTTP 503' },
                },
              ],
            },
          ],
        },
      ],
    });
  });
});
