// How attribute values, ids, times and limits come out, in both encodings alike.
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import type { WideEvent } from '../../events/wide-event.ts';
import {
  deepProtobufRequest,
  encodeLogs,
  encodeTraces,
  logRequest,
  span,
  SPAN_ID,
  TRACE_ID,
  traceRequest,
  type AnyValueJson,
  type SpanInput,
} from './fixtures/otlp-payloads.ts';
import { otlpRoot } from './fixtures/otlp-proto-descriptor.ts';
import { decodeLogs, decodeTraces, type OtlpFormat } from './index.ts';
import { MAX_ATTRIBUTES, MAX_STRING_LENGTH, MAX_VALUE_DEPTH, TRUNCATED_VALUE } from './limits.ts';

function decodeSpans(spans: SpanInput[], format: OtlpFormat) {
  return decodeTraces(encodeTraces(traceRequest(spans), format), format, 'test');
}

function onlyEvent(spans: SpanInput[], format: OtlpFormat): WideEvent {
  const decoded = decodeSpans(spans, format);
  expect(decoded.rejected).toBe(0);
  expect(decoded.batches).toHaveLength(1);
  return decoded.batches[0].events[0];
}

function attributeField(value: AnyValueJson, format: OtlpFormat) {
  return onlyEvent([span({ attributes: [{ key: 'v', value }] })], format).fields.v;
}

function nested(depth: number): AnyValueJson {
  let value: AnyValueJson = { stringValue: 'bottom' };
  for (let i = 1; i < depth; i++) value = { arrayValue: { values: [value] } };
  return value;
}

describe.each<OtlpFormat>(['protobuf', 'json'])('OTLP values as %s', (format) => {
  it('keeps strings, booleans, integers and doubles as they are', () => {
    expect(attributeField({ stringValue: 'héllo ✓' }, format)).toBe('héllo ✓');
    expect(attributeField({ boolValue: false }, format)).toBe(false);
    expect(attributeField({ intValue: '-42' }, format)).toBe(-42);
    expect(attributeField({ intValue: '9007199254740991' }, format)).toBe(9007199254740991);
    expect(attributeField({ doubleValue: 0.1 }, format)).toBe(0.1);
  });

  it('keeps int64 values beyond 2^53 exact, as bigints', () => {
    expect(attributeField({ intValue: '9007199254740993' }, format)).toBe(9007199254740993n);
    expect(attributeField({ intValue: '-9223372036854775808' }, format)).toBe(-9223372036854775808n);
    expect(attributeField({ intValue: '18446744073' }, format)).toBe(18446744073);
  });

  it('makes NaN and infinities strings, bytes base64, arrays JSON', () => {
    expect(attributeField({ doubleValue: 'NaN' }, format)).toBe('NaN');
    expect(attributeField({ doubleValue: '-Infinity' }, format)).toBe('-Infinity');
    expect(attributeField({ bytesValue: 'AAEC+g==' }, format)).toBe('AAEC+g==');
    const array = {
      arrayValue: {
        values: [
          { intValue: '1' },
          { doubleValue: 'Infinity' },
          { bytesValue: 'AQ==' },
          {},
          { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } },
        ],
      },
    };
    expect(attributeField(array, format)).toBe('[1,"Infinity","AQ==",null,{"k":true}]');
  });

  it('flattens a key-value list into a field per entry, five levels deep, as Honeycomb does', () => {
    const kv = (key: string, value: AnyValueJson) => ({ key, value });
    const list = (...values: { key: string; value: AnyValueJson }[]): AnyValueJson => ({ kvlistValue: { values } });
    let deep: AnyValueJson = list(kv('g', { stringValue: 'seventh' }), kv('h', list(kv('i', { intValue: '9' }))));
    for (const key of ['e', 'd', 'c', 'b']) deep = list(kv(key, deep));
    const value = list(
      kv('a', { arrayValue: { values: [{ intValue: '1' }] } }),
      kv('__proto__', { boolValue: true }),
      kv('big', { intValue: '9007199254740993' }),
      kv('none', {}),
      kv('empty', list()),
      kv('deep', deep),
    );
    const { fields } = onlyEvent([span({ attributes: [{ key: 'v', value }] })], format);
    const flattened = Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('v')));
    expect(flattened).toEqual({
      'v.a': '[1]',
      'v.__proto__': true,
      'v.big': 9007199254740993n,
      // Below five levels of lists, each entry is JSON text.
      'v.deep.b.c.d.e.g': '"seventh"',
      'v.deep.b.c.d.e.h': '{"i":9}',
    });
  });

  it('leaves out attributes that hold no value', () => {
    const fields = onlyEvent([span({ attributes: [{ key: 'empty', value: {} }] })], format).fields;
    expect('empty' in fields).toBe(false);
  });

  it('keeps awkward attribute keys, `__proto__` included, as field names', () => {
    const keys = ['__proto__', 'constructor', "'; DELETE FROM t; --", 'with "quotes"', 'tab\there', '日本語.キー'];
    const event = onlyEvent([span({ attributes: keys.map((key, i) => ({ key, value: { intValue: String(i) } })) })], format);
    keys.forEach((key, i) => expect(Object.getOwnPropertyDescriptor(event.fields, key)?.value, key).toBe(i));
    expect(Object.getPrototypeOf(event.fields)).toBe(Object.prototype);
  });

  it('cuts AnyValue nesting at the depth limit instead of recursing without end', () => {
    const body = format === 'json' ? encodeTraces(traceRequest([span({ attributes: [{ key: 'v', value: nested(100) }] })]), format) : deepProtobufRequest(100);
    const value = decodeTraces(body, format, 'test').batches[0].events[0].fields.v as string;
    let parsed: unknown = JSON.parse(value);
    let depth = 1;
    while (Array.isArray(parsed)) {
      parsed = parsed[0];
      depth++;
    }
    // The first MAX_VALUE_DEPTH levels are kept; the marker stands in for the rest.
    expect(depth).toBe(MAX_VALUE_DEPTH + 1);
    expect(parsed).toBe(TRUNCATED_VALUE);
  });

  it('drops attributes beyond the limit and cuts huge strings, and says so', () => {
    const attributes = Array.from({ length: MAX_ATTRIBUTES + 5 }, (_, i) => ({
      key: `k${i}`,
      value: { stringValue: i === 0 ? 'x'.repeat(MAX_STRING_LENGTH + 10) : 'v' },
    }));
    const decoded = decodeSpans([span({ attributes })], format);
    const { fields } = decoded.batches[0].events[0];
    expect(decoded.rejected).toBe(0);
    expect((fields.k0 as string).length).toBe(MAX_STRING_LENGTH);
    expect(fields[`k${MAX_ATTRIBUTES - 1}`]).toBe('v');
    expect(fields[`k${MAX_ATTRIBUTES}`]).toBeUndefined();
    expect(decoded.errorMessage).toMatch(/beyond the first 1000/);
    expect(decoded.errorMessage).toMatch(/were cut/);
  });

  it('drops attributes with empty keys and cuts huge names and log bodies', () => {
    const long = 'y'.repeat(MAX_STRING_LENGTH + 1);
    const decoded = decodeSpans([span({ name: long, attributes: [{ key: '', value: { stringValue: 'lost' } }] })], format);
    const { fields } = decoded.batches[0].events[0];
    expect('' in fields).toBe(false);
    expect((fields.name as string).length).toBe(MAX_STRING_LENGTH);
    expect(decoded.errorMessage).toBe('attributes with empty keys or keys over 1024 characters were dropped; string values over 65536 characters were cut');
    const logs = decodeLogs(encodeLogs(logRequest([{ body: { stringValue: long } }]), format), format, 'test');
    expect((logs.batches[0].events[0].fields.body as string).length).toBe(MAX_STRING_LENGTH);
    expect(logs.errorMessage).toBe('string values over 65536 characters were cut');
  });

  it('times the event at the span start in µs and measures the duration in ms from nanoseconds', () => {
    const event = onlyEvent([span()], format);
    expect(event.timeUs).toBe(1700000000123456);
    expect(event.fields.duration_ms).toBe(12.345678);
    const unfinished = onlyEvent([span({ endTimeUnixNano: '0' })], format);
    expect(unfinished.fields.duration_ms).toBe(0);
  });

  it('names span kinds and status codes, unknown numbers included', () => {
    const names = [0, 1, 2, 3, 4, 5, 9].map((kind) => onlyEvent([span({ kind })], format).fields['span.kind']);
    expect(names).toEqual(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer', 'unspecified']);
    const error = onlyEvent([span({ status: { code: 2, message: 'boom' } })], format).fields;
    expect([error.status_code, error.status_message, error.error]).toEqual([2, 'boom', true]);
    const unset = onlyEvent([span({ status: {} })], format).fields;
    // As Honeycomb's translator: `error` only when the span failed.
    expect([unset.status_code, 'error' in unset, 'status_message' in unset]).toEqual([0, false, false]);
    // The number as sent, as Honeycomb's translator writes it, even one OTLP does not define.
    expect(onlyEvent([span({ status: { code: 7 } })], format).fields.status_code).toBe(7);
  });

  it('lets the fields it derives win over attributes of the same name', () => {
    const attributes = ['name', 'duration_ms', 'trace.trace_id', 'service.name', 'error'].map((key) => ({ key, value: { stringValue: 'spoofed' } }));
    const { fields } = onlyEvent([span({ attributes, status: { code: 2 } })], format);
    expect([fields.name, fields.duration_ms, fields['trace.trace_id'], fields['service.name'], fields.error]).toEqual([
      'GET /items',
      12.345678,
      '0af7651916cd43dd8448eb211c80319c',
      'shop',
      true,
    ]);
  });

  it('puts resources without service.name in unknown_service', () => {
    const request = traceRequest([span()], [{ key: 'host.name', value: { stringValue: 'box' } }]);
    const decoded = decodeTraces(encodeTraces(request, format), format, 'test');
    expect(decoded.batches.map((b) => b.dataset)).toEqual(['unknown_service']);
    expect(decoded.batches[0].events[0].fields['service.name']).toBe('unknown_service');
  });

  it('trims service.name, and a blank one is unknown_service', () => {
    const named = (name: string) =>
      decodeTraces(encodeTraces(traceRequest([span()], [{ key: 'service.name', value: { stringValue: name } }]), format), format, 'test').batches[0];
    expect([named('  checkout \n').dataset, named('  checkout \n').events[0].fields['service.name']]).toEqual(['checkout', 'checkout']);
    expect(named('   ').dataset).toBe('unknown_service');
  });

  it('accepts an empty request', () => {
    expect(decodeTraces(encodeTraces({}, format), format, 'test')).toEqual({ batches: [], rejected: 0, errorMessage: undefined });
  });

  it('takes the log time, else the observed time, else the arrival time, and keeps a scalar body as text', () => {
    const before = Date.now() * 1000;
    const decoded = decodeLogs(
      encodeLogs(
        logRequest([
          { timeUnixNano: '1700000000000001000', observedTimeUnixNano: '1700000000000009000', body: { boolValue: true }, severityNumber: 21 },
          { observedTimeUnixNano: '1700000000000009000', body: { doubleValue: 1.5 } },
          { body: { intValue: '7' } },
        ]),
        format,
      ),
      format,
      'test',
    );
    const [first, second, third] = decoded.batches[0].events;
    expect([first.timeUs, first.fields.body, first.fields.severity]).toEqual([1700000000000001, 'true', 'fatal']);
    expect([second.timeUs, second.fields.body, second.fields.severity]).toEqual([1700000000000009, '1.5', undefined]);
    expect(third.timeUs).toBeGreaterThanOrEqual(before);
    expect(third.timeUs).toBeLessThanOrEqual(Date.now() * 1000);
    expect(third.fields.body).toBe('7');
  });
});

describe('protobuf specifics', () => {
  it('survives nesting far deeper than the limit', () => {
    const decoded = decodeTraces(deepProtobufRequest(20_000), 'protobuf', 'test');
    expect(decoded.batches[0].events[0].fields.v).toContain(TRUNCATED_VALUE);
  });

  it('merges a resource or scope sent twice in one message, as protobuf does', () => {
    const ResourceSpans = otlpRoot.lookupType('otlp.ResourceSpans');
    const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const first = ResourceSpans.encode(
      ResourceSpans.fromObject({
        resource: { attributes: [attribute('service.name', 'shop')] },
        scopeSpans: [
          {
            scope: { name: 'lib' },
            spans: [{ traceId: Buffer.from(TRACE_ID, 'hex'), spanId: Buffer.from(SPAN_ID, 'hex'), name: 'n', startTimeUnixNano: 1_764_236_400_000_000_000 }],
          },
        ],
      }),
    ).finish();
    const second = ResourceSpans.encode(ResourceSpans.fromObject({ resource: { attributes: [attribute('host.name', 'box')] } })).finish();
    const body = protobuf.Writer.create()
      .uint32(0x0a)
      .bytes(Buffer.concat([first, second]))
      .finish();
    const decoded = decodeTraces(body, 'protobuf', 'test');
    expect(decoded.batches[0].dataset).toBe('shop');
    expect(decoded.batches[0].events[0].fields).toMatchObject({ 'service.name': 'shop', 'host.name': 'box', 'library.name': 'lib' });
  });
});

describe('OTLP/JSON specifics', () => {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  it('accepts snake_case keys, upper-case hex ids, numeric times and enum names', () => {
    const request = {
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'shop' } }] },
          scope_spans: [
            {
              spans: [
                {
                  trace_id: '0AF7651916CD43DD8448EB211C80319C',
                  span_id: 'B7AD6B7169203331',
                  name: 'n',
                  kind: 'SPAN_KIND_CLIENT',
                  start_time_unix_nano: 1700000000000000000,
                  end_time_unix_nano: '1700000000001000000',
                  status: { code: 'STATUS_CODE_ERROR' },
                  attributes: [{ key: 'n', value: { int_value: 7 } }],
                },
              ],
            },
          ],
        },
      ],
    };
    const decoded = decodeTraces(json(request), 'json', 'test');
    const { fields } = decoded.batches[0].events[0];
    expect(decoded.rejected).toBe(0);
    expect([fields['trace.trace_id'], fields['span.kind'], fields.status_code, fields.n, fields.duration_ms]).toEqual([
      '0af7651916cd43dd8448eb211c80319c',
      'client',
      2,
      7,
      1,
    ]);
  });

  it('accepts snake_case keys and severity names in logs', () => {
    const request = {
      resource_logs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'shop' } }] },
          scope_logs: [
            {
              scope: { name: 'log-lib', version: '2' },
              log_records: [
                {
                  time_unix_nano: '1700000000000002000',
                  severity_number: 'SEVERITY_NUMBER_WARN2',
                  body: { kvlist_value: { values: [{ key: 'k', value: { int_value: '5' } }] } },
                  trace_id: TRACE_ID.toUpperCase(),
                  span_id: SPAN_ID,
                  event_name: 'cart.updated',
                },
              ],
            },
          ],
        },
      ],
    };
    const decoded = decodeLogs(json(request), 'json', 'test');
    expect(decoded.rejected).toBe(0);
    expect(decoded.batches[0].events[0]).toEqual({
      timeUs: 1700000000000002,
      sampleRate: 1,
      fields: {
        'service.name': 'shop',
        'library.name': 'log-lib',
        'library.version': '2',
        severity: 'warn',
        severity_number: 14,
        body: '{"k":5}',
        'event.name': 'cart.updated',
        'trace.trace_id': TRACE_ID,
        'trace.span_id': SPAN_ID,
        'meta.signal_type': 'log',
      },
    });
  });

  it('keeps int64 given as a JSON number beyond 2^53 exact', () => {
    const body = JSON.stringify(traceRequest([span({ attributes: [{ key: 'big', value: { intValue: 0 } }] })])).replace(
      '"intValue":0',
      '"intValue":1152921504606846977',
    );
    const decoded = decodeTraces(new TextEncoder().encode(body), 'json', 'test');
    expect(decoded.batches[0].events[0].fields.big).toBe(1152921504606846977n);
  });

  it('survives JSON nesting far deeper than the limit', () => {
    const deep = '{"arrayValue":{"values":['.repeat(50_000) + '{"stringValue":"x"}' + ']}}'.repeat(50_000);
    const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(span()).slice(0, -1)},"attributes":[{"key":"deep","value":${deep}}]}]}]}]}`;
    const decoded = decodeTraces(new TextEncoder().encode(body), 'json', 'test');
    expect(decoded.batches[0].events[0].fields.deep).toContain(TRUNCATED_VALUE);
  });
});
