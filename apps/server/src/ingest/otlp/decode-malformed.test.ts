// Malformed requests: a body that is broken as a whole fails with one OtlpDecodeError
// saying what was wrong; an item that cannot become an event is rejected alone.
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { encodeLogs, encodeTraces, logRequest, span, SPAN_ID, TRACE_ID, traceRequest, type SpanInput } from './fixtures/otlp-payloads.ts';
import { makeSdkSpans } from './fixtures/sdk-telemetry.ts';
import { decodeLogs, decodeTraces, OtlpDecodeError, type OtlpFormat } from './index.ts';
import { FIELDS_PER_BODY_BYTE, MIN_FIELD_BUDGET } from './limits.ts';
import { randomBytes, seededRandom } from '../../hardening/seeded-random.ts';

const utf8 = new TextEncoder();

function decodeError(run: () => unknown): OtlpDecodeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OtlpDecodeError);
    return error as OtlpDecodeError;
  }
  throw new Error('expected an OtlpDecodeError');
}

describe('malformed protobuf', () => {
  it('fails a truncated body with the offset where it broke', async () => {
    const body = ProtobufTraceSerializer.serializeRequest(await makeSdkSpans())!;
    const error = decodeError(() => decodeTraces(body.subarray(0, body.length - 7), 'protobuf', 'test'));
    expect(error.message).toMatch(/^invalid protobuf: .+ at offset \d+$/);
  });

  it('either decodes or fails cleanly at every truncation point', async () => {
    const body = ProtobufTraceSerializer.serializeRequest(await makeSdkSpans())!;
    for (let length = 0; length < body.length; length++) {
      try {
        decodeTraces(body.subarray(0, length), 'protobuf', 'test');
      } catch (error) {
        expect(error, `cut at ${length}`).toBeInstanceOf(OtlpDecodeError);
      }
    }
  });

  it('fails garbage bytes cleanly, never with another error', () => {
    expect(decodeError(() => decodeTraces(utf8.encode('{"resourceSpans":[]}'), 'protobuf', 'test')).message).toMatch(/^invalid protobuf/);
    for (let seed = 1; seed <= 300; seed++) {
      const body = randomBytes(seededRandom(seed), 64 + (seed % 200));
      for (const decode of [decodeTraces, decodeLogs]) {
        try {
          decode(body, 'protobuf', 'test');
        } catch (error) {
          expect(error, `seed ${seed}`).toBeInstanceOf(OtlpDecodeError);
        }
      }
    }
  });

  it('decodes or fails cleanly when bytes of a real payload are changed', async () => {
    const body = ProtobufTraceSerializer.serializeRequest(await makeSdkSpans())!;
    const noise = randomBytes(seededRandom(99), 3000);
    for (let i = 0; i + 2 < noise.length; i += 3) {
      const mutated = Uint8Array.from(body);
      mutated[((noise[i] << 8) | noise[i + 1]) % body.length] = noise[i + 2];
      try {
        decodeTraces(mutated, 'protobuf', 'test');
      } catch (error) {
        expect(error, `mutation ${i / 3}`).toBeInstanceOf(OtlpDecodeError);
      }
    }
  });

  it('fails a known field sent with the wrong wire type', () => {
    // resource_spans (field 1) as a varint instead of a message.
    expect(decodeError(() => decodeTraces(Uint8Array.from([0x08, 0x01]), 'protobuf', 'test')).message).toBe(
      'invalid protobuf: ExportTraceServiceRequest.resource_spans has wire type 0, expected 2 at offset 1',
    );
  });

  it('fails a length that runs past its enclosing message', () => {
    // ResourceSpans of 2 bytes holding a scope_spans that claims 9.
    const body = Uint8Array.from([0x0a, 0x02, 0x12, 0x09, ...new Array(9).fill(0)]);
    expect(decodeError(() => decodeTraces(body, 'protobuf', 'test')).message).toBe('invalid protobuf: length 9 runs past the end of its message at offset 3');
  });

  it('skips fields it does not know', () => {
    // An unknown field 99 (varint) before a well-formed empty ResourceSpans.
    const decoded = decodeTraces(Uint8Array.from([0x98, 0x06, 0x01, 0x0a, 0x00]), 'protobuf', 'test');
    expect(decoded).toEqual({ batches: [], rejected: 0, errorMessage: undefined });
  });
});

describe('malformed JSON', () => {
  it('fails invalid JSON with what the parser found', () => {
    const message = (body: string) => decodeError(() => decodeTraces(utf8.encode(body), 'json', 'test')).message;
    expect(message('{"resourceSpans": [],}')).toBe('invalid JSON: Expected double-quoted property name in JSON at position 21');
    expect(message('{"resourceSpans": [')).toBe('invalid JSON: Unexpected end of JSON input');
  });

  it('reads an empty JSON body as an export of nothing', () => {
    expect(decodeTraces(new Uint8Array(0), 'json', 'test')).toEqual({ batches: [], rejected: 0, errorMessage: undefined });
  });

  it('fails a request of the wrong shape, naming the part', () => {
    const message = (body: unknown) => decodeError(() => decodeTraces(utf8.encode(JSON.stringify(body)), 'json', 'test')).message;
    expect(message([])).toBe('invalid OTLP JSON: the request must be an object');
    expect(message({ resourceSpans: {} })).toBe('invalid OTLP JSON: request.resourceSpans must be an array');
    expect(message({ resourceSpans: [5] })).toBe('invalid OTLP JSON: resourceSpans[0] must be an object');
    expect(message({ resourceSpans: [{ scopeSpans: [{ spans: 'no' }] }] })).toBe('invalid OTLP JSON: resourceSpans[0].scopeSpans[0].spans must be an array');
    expect(message({ resourceSpans: [{ resource: { attributes: [{ key: 1, value: {} }] } }] })).toBe(
      'invalid OTLP JSON: resourceSpans[0].resource.attributes[0].key must be a string',
    );
  });

  it('rejects a span of the wrong shape and keeps the others', () => {
    const bad = [
      5,
      span({ name: 7 as unknown as string }),
      span({ traceId: 12 as unknown as string }),
      span({ spanId: 'not-hex!' }),
      span({ startTimeUnixNano: 'yesterday' }),
      span({ attributes: [{ key: 'n', value: { intValue: 'twelve' } }] }),
      span({ attributes: [{ key: 'n', value: { arrayValue: { values: 'x' } } }] }),
    ];
    const decoded = decodeTraces(utf8.encode(JSON.stringify(traceRequest([...bad, span()] as SpanInput[]))), 'json', 'test');
    expect(decoded.rejected).toBe(bad.length);
    expect(decoded.batches[0].events).toHaveLength(1);
    expect(decoded.errorMessage).toBe('7 spans rejected: span must be an object; span.name must be a string; span.traceId must be a string');
  });

  it('fails or rejects JSON with values of the wrong type anywhere, never with another error', async () => {
    const original: unknown = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(await makeSdkSpans())!));
    const strange = [null, 0, -1.5, 2 ** 70, '', 'x', 'NaN', true, [], [1], {}, { stringValue: 3 }];
    const paths: (string | number)[][] = [];
    const collect = (value: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (typeof value === 'object' && value !== null)
        for (const [key, inner] of Object.entries(value)) collect(inner, [...path, Array.isArray(value) ? Number(key) : key]);
    };
    collect(original, []);
    let seed = 7;
    for (let round = 0; round < 400; round++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const path = paths[seed % paths.length];
      const replacement = strange[(seed >>> 8) % strange.length];
      const mutated = structuredClone(original) as Record<string | number, unknown>;
      let target: Record<string | number, unknown> = mutated;
      for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, unknown>;
      if (path.length > 0) target[path[path.length - 1]] = replacement;
      try {
        decodeTraces(utf8.encode(JSON.stringify(path.length > 0 ? mutated : replacement)), 'json', 'test');
      } catch (error) {
        expect(error, `${path.join('.')} = ${JSON.stringify(replacement)}`).toBeInstanceOf(OtlpDecodeError);
      }
    }
  });

  it('rejects a span whose id is not hex', () => {
    const decoded = decodeTraces(utf8.encode(JSON.stringify(traceRequest([span({ spanId: 'b7ad6b71692033zz' })]))), 'json', 'test');
    expect([decoded.rejected, decoded.errorMessage]).toEqual([1, '1 spans rejected: span.spanId must be a hex string']);
  });

  it('rejects a log record of the wrong shape and keeps the others', () => {
    const decoded = decodeLogs(utf8.encode(JSON.stringify(logRequest([{ body: { stringValue: 1 } }, { body: { stringValue: 'fine' } }]))), 'json', 'test');
    expect(decoded.rejected).toBe(1);
    expect(decoded.errorMessage).toBe('1 log records rejected: logRecord.body.stringValue must be a string');
    expect(decoded.batches[0].events.map((e) => e.fields.body)).toEqual(['fine']);
  });
});

describe.each<OtlpFormat>(['protobuf', 'json'])('ids that cannot make an event, as %s', (format) => {
  it('rejects spans with bad ids one by one and keeps the rest', () => {
    const spans = [
      span({ traceId: TRACE_ID.slice(2) }),
      span({ spanId: SPAN_ID + 'ff' }),
      span({ traceId: '0'.repeat(32) }),
      span({ parentSpanId: 'abcdef' }),
      span({ traceId: '' }),
      span({ parentSpanId: '0000000000000000', name: 'root with zero parent' }),
      span({ name: 'fine' }),
    ];
    const decoded = decodeTraces(encodeTraces(traceRequest(spans), format), format, 'test');
    expect(decoded.rejected).toBe(5);
    expect(decoded.errorMessage).toBe(
      '5 spans rejected: trace_id must be 16 bytes, got 15 bytes; span_id must be 8 bytes, got 9 bytes; trace_id must not be all zeros',
    );
    const events = decoded.batches[0].events;
    expect(events.map((e) => e.fields.name)).toEqual(['root with zero parent', 'fine']);
    expect('trace.parent_id' in events[0].fields).toBe(false);
  });

  it('drops a link with bad ids but keeps its span and its good links', () => {
    const request = traceRequest([span()]);
    const links = [
      { traceId: TRACE_ID, spanId: 'abcd' },
      {
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        traceState: 'ot=th:8',
        attributes: [{ key: 'why', value: { stringValue: 'batch' } }],
      },
    ];
    request.resourceSpans[0].scopeSpans[0].spans[0].links = links;
    const decoded = decodeTraces(encodeTraces(request, format), format, 'test');
    expect(decoded.rejected).toBe(0);
    expect(decoded.errorMessage).toBe('links dropped: link span_id must be 8 bytes, got 2 bytes');
    const [spanEvent, link] = decoded.batches[0].events;
    expect(spanEvent.fields.name).toBe('GET /items');
    expect(link.fields).toMatchObject({
      'meta.annotation_type': 'link',
      'trace.link.trace_id': '5b8efff798038103d269b633813fc60c',
      'trace.link.span_id': 'eee19b7ec3c1b174',
      'trace.link.trace_state': 'ot=th:8',
      'trace.trace_id': TRACE_ID,
      'trace.parent_id': SPAN_ID,
      why: 'batch',
    });
    expect(link.timeUs).toBe(spanEvent.timeUs);
  });

  it('rejects log records with malformed ids and keeps those without ids', () => {
    const decoded = decodeLogs(
      encodeLogs(
        logRequest([{ traceId: 'abcd', body: { stringValue: 'bad' } }, { body: { stringValue: 'no ids' } }, { traceId: TRACE_ID, spanId: SPAN_ID }]),
        format,
      ),
      format,
      'test',
    );
    expect(decoded.rejected).toBe(1);
    expect(decoded.errorMessage).toBe('1 log records rejected: trace_id must be 16 bytes, got 2 bytes');
    const [noIds, linked] = decoded.batches[0].events;
    expect('trace.trace_id' in noIds.fields).toBe(false);
    expect([linked.fields['trace.trace_id'], linked.fields['trace.span_id']]).toEqual([TRACE_ID, SPAN_ID]);
  });
});

describe.each<OtlpFormat>(['protobuf', 'json'])('a small request that would expand into very many fields, as %s', (format) => {
  it('rejects the items past the field budget instead of growing without bound', () => {
    const resourceAttributes = [
      { key: 'service.name', value: { stringValue: 'shop' } },
      ...Array.from({ length: 1000 }, (_, i) => ({ key: `r${i}`, value: { boolValue: true } })),
    ];
    const body = encodeTraces(
      traceRequest(
        Array.from({ length: 1000 }, () => span()),
        resourceAttributes,
      ),
      format,
    );
    const decoded = decodeTraces(body, format, 'test');
    const kept = decoded.batches[0].events;
    const fields = kept.reduce((sum, event) => sum + Object.keys(event.fields).length, 0);
    expect(decoded.rejected).toBeGreaterThan(0);
    expect(kept.length + decoded.rejected).toBe(1000);
    expect(fields).toBeLessThanOrEqual(MIN_FIELD_BUDGET + FIELDS_PER_BODY_BYTE * body.length);
    expect(decoded.errorMessage).toMatch(/^\d+ spans rejected: the request expands to more than \d+ fields/);
  });
});
