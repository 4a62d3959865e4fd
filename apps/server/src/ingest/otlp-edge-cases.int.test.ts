// The OTLP/HTTP spec's edge cases, one row each: what a request gets back (status,
// Retry-After for the retryable codes, the body in the request's encoding) as the
// exporters of the OTel SDKs read it. The protocol is the engine's no concern: the memory store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';
import { readEvents } from '../store/read-events.ts';

const MAX_BODY = 64 * 1024;
const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

let server: TempServer;
let limited: TempServer;
beforeAll(async () => {
  [server, limited] = await Promise.all([startMemoryServer({ maxBodyBytes: MAX_BODY }), startMemoryServer({ keyRequestsPerSecond: 1 })]);
});
afterAll(async () => Promise.all([server?.dispose(), limited?.dispose()]));

const span = (traceId: string, name: string) => ({
  traceId,
  spanId: '00f067aa0ba902b7',
  name,
  kind: 2,
  startTimeUnixNano: '1764234000000000000',
  endTimeUnixNano: '1764234000250000000',
});
const traces = (...spans: object[]) =>
  JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'edge' } }] }, scopeSpans: [{ spans }] }] });

/** google.rpc.Status { int32 code = 1; string message = 2 } from protobuf bytes. */
function decodeStatus(bytes: Uint8Array): { code: number; message: string } {
  const reader = protobuf.Reader.create(bytes);
  const status = { code: 0, message: '' };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) status.code = reader.int32();
    else if (tag >>> 3 === 2) status.message = reader.string();
    else reader.skipType(tag & 7);
  }
  return status;
}

interface Row {
  name: string;
  path: string;
  body: () => Uint8Array | string;
  headers: Record<string, string>;
  status: number;
  /** What the answer's body decodes to, as the exporter of the request's encoding reads it. */
  answer: (bytes: Uint8Array) => unknown;
  expected: unknown;
  retryAfter?: boolean;
  target?: () => TempServer;
}

const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8'));
const rows: Row[] = [
  ...(['traces', 'logs', 'metrics'] as const).map((signal) => ({
    name: `an empty protobuf body to /v1/${signal} is an export of nothing`,
    path: `/v1/${signal}`,
    body: () => new Uint8Array(0),
    headers: PROTOBUF,
    status: 200,
    answer: (bytes: Uint8Array) => {
      const serializer = { traces: ProtobufTraceSerializer, logs: ProtobufLogsSerializer, metrics: ProtobufMetricsSerializer }[signal];
      return { length: bytes.length, partialSuccess: serializer.deserializeResponse(bytes).partialSuccess };
    },
    expected: { length: 0, partialSuccess: undefined },
  })),
  { name: 'an empty JSON body is an export of nothing', path: '/v1/traces', body: () => '', headers: JSON_TYPE, status: 200, answer: json, expected: {} },
  { name: 'an empty JSON request object', path: '/v1/logs', body: () => '{}', headers: JSON_TYPE, status: 200, answer: json, expected: {} },
  { name: 'no resource spans', path: '/v1/traces', body: () => '{"resourceSpans":[]}', headers: JSON_TYPE, status: 200, answer: json, expected: {} },
  {
    name: 'a span with a bad trace id is a partial success',
    path: '/v1/traces',
    body: () => traces(span('4bf92f3577b34da6a3ce929d0e0e4736', 'kept'), span('not-hex', 'dropped')),
    headers: JSON_TYPE,
    status: 200,
    answer: (bytes) => (json(bytes) as { partialSuccess: { rejectedSpans: string } }).partialSuccess.rejectedSpans,
    expected: '1',
  },
  {
    name: 'a resource with no spans, in protobuf',
    path: '/v1/traces',
    body: () => new Uint8Array([0x0a, 0x02, 0x12, 0x00]),
    headers: PROTOBUF,
    status: 200,
    answer: (bytes) => ProtobufTraceSerializer.deserializeResponse(bytes).partialSuccess ?? 'none',
    expected: 'none',
  },
  {
    name: 'malformed protobuf is not retryable (400, INVALID_ARGUMENT)',
    path: '/v1/traces',
    body: () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    headers: PROTOBUF,
    status: 400,
    answer: (bytes) => decodeStatus(bytes).code,
    expected: 3,
  },
  {
    name: 'a body past the limit is not retryable (413)',
    path: '/v1/logs',
    body: () => new Uint8Array(MAX_BODY + 1),
    headers: PROTOBUF,
    status: 413,
    answer: (bytes) => decodeStatus(bytes).code,
    expected: 3,
  },
  {
    name: 'an unsupported content type (415)',
    path: '/v1/traces',
    body: () => 'hello',
    headers: { 'content-type': 'text/csv' },
    status: 415,
    answer: (bytes) => (json(bytes) as { code: number }).code,
    expected: 3,
  },
  {
    name: 'over the rate limit is retryable: 429, Retry-After, UNAVAILABLE in protobuf',
    path: '/v1/traces',
    body: () => new Uint8Array(0),
    headers: PROTOBUF,
    status: 429,
    answer: (bytes) => decodeStatus(bytes).code,
    expected: 14,
    retryAfter: true,
    target: () => limited,
  },
];

describe('OTLP/HTTP edge cases', () => {
  it.each(rows)('$name', async (row) => {
    const target = row.target?.() ?? server;
    const send = () => fetch(`${target.url}${row.path}`, { method: 'POST', headers: row.headers, body: row.body() as BodyInit });
    // Over the rate limit: the first request spends the key's one request of this second.
    let response = await send();
    if (row.retryAfter) response = await send();
    expect(response.status).toBe(row.status);
    expect(response.headers.get('content-type')).toContain(
      row.headers['content-type'] === 'application/x-protobuf' ? 'application/x-protobuf' : 'application/json',
    );
    if (row.retryAfter) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(row.answer(new Uint8Array(await response.arrayBuffer()))).toEqual(row.expected);
  });

  it('keeps the good span of a partial success', async () => {
    const stored = await readEvents(server.store, 'default', 'edge');
    expect(stored.map((e) => e.fields.name)).toEqual(['kept']);
  });
});
