// OTLP over HTTP and over gRPC go through the one ingest pipeline, on a real server: the
// same export gets the same answer on either transport (auth, decoder rejections,
// partial success), lands in the key's environment, and a key has one rate limit, not
// one per transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, Client, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { startServerWithKeys, type IssuedKey } from '../hardening/server-with-keys.ts';
import type { TempServer } from '../testing/temp-server.ts';
import { readEvents } from '../store/read-events.ts';
import { encodeTraces, span, traceRequest } from './otlp/fixtures/otlp-payloads.ts';

/** An answer in words both transports share: the outcome and the message. */
interface Answer {
  outcome: 'ok' | 'unauthenticated' | 'permission denied' | 'invalid' | 'unavailable' | 'other';
  /** The error message, or the export response's text (partial_success). */
  text: string;
}

const HTTP_OUTCOMES: Record<number, Answer['outcome']> = {
  200: 'ok',
  401: 'unauthenticated',
  403: 'permission denied',
  400: 'invalid',
  429: 'unavailable',
  503: 'unavailable',
};
const GRPC_OUTCOMES: Partial<Record<status, Answer['outcome']>> = {
  [status.UNAUTHENTICATED]: 'unauthenticated',
  [status.PERMISSION_DENIED]: 'permission denied',
  [status.INVALID_ARGUMENT]: 'invalid',
  [status.UNAVAILABLE]: 'unavailable',
};

let server: TempServer;
let keys: IssuedKey[];
const keyOf = (name: string) => keys.find((k) => k.name === name)!.text;

beforeAll(async () => {
  // One request per key per hundred seconds: a key's second export is over its limit,
  // whichever transport the first one took.
  const names = ['rate-http-first', 'rate-grpc-first', 'export-http', 'export-grpc', 'bad-http', 'bad-grpc'];
  ({ server, keys } = await startServerWithKeys(
    [...names.map((name) => ({ name, kind: 'ingest' as const, environment: 'prod' })), { name: 'reader', kind: 'query', environment: 'prod' }],
    { grpcPort: 0, keyRequestsPerSecond: 0.01 },
    { engine: 'memory' },
  ));
});

afterAll(async () => server?.dispose());

async function overHttp(body: Uint8Array, key: string | null): Promise<Answer> {
  const response = await fetch(`${server.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', ...(key ? { 'x-honeycomb-team': key } : {}) },
    body: Buffer.from(body),
  });
  // A google.rpc.Status or an export response, in protobuf: the message is readable text inside.
  return { outcome: HTTP_OUTCOMES[response.status] ?? 'other', text: Buffer.from(await response.arrayBuffer()).toString('utf8') };
}

function overGrpc(body: Uint8Array, key: string | null): Promise<Answer> {
  const client = new Client(`127.0.0.1:${server.grpcPort}`, credentials.createInsecure());
  const metadata = new Metadata();
  if (key) metadata.set('authorization', `Bearer ${key}`);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from(body),
      metadata,
      (error: ServiceError | null, answer?: Buffer) => {
        client.close();
        resolve(error ? { outcome: GRPC_OUTCOMES[error.code] ?? 'other', text: error.details } : { outcome: 'ok', text: answer!.toString('utf8') });
      },
    );
  });
}

const exportOf = (service: string, spans = [span({ name: 'kept' })]) =>
  encodeTraces(traceRequest(spans, [{ key: 'service.name', value: { stringValue: service } }]), 'protobuf');

describe('OTLP over HTTP and gRPC', () => {
  it('refuses a missing key alike', async () => {
    const [http, grpc] = [await overHttp(exportOf('nokey'), null), await overGrpc(exportOf('nokey'), null)];
    expect(http.outcome).toBe('unauthenticated');
    expect(grpc.outcome).toBe('unauthenticated');
    expect(http.text).toContain(grpc.text);
  });

  it('refuses a query key alike', async () => {
    const [http, grpc] = [await overHttp(exportOf('reader'), keyOf('reader')), await overGrpc(exportOf('reader'), keyOf('reader'))];
    expect([http.outcome, grpc.outcome]).toEqual(['permission denied', 'permission denied']);
    for (const answer of [http, grpc]) expect(answer.text).toContain('a query key may not send events');
  });

  it('rejects a malformed export with the same decoder message', async () => {
    const garbage = new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    const [http, grpc] = [await overHttp(garbage, keyOf('bad-http')), await overGrpc(garbage, keyOf('bad-grpc'))];
    expect([http.outcome, grpc.outcome]).toEqual(['invalid', 'invalid']);
    expect(grpc.text.length).toBeGreaterThan(10);
    expect(http.text).toContain(grpc.text);
  });

  it("commits into the key's environment and reports the same partial success", async () => {
    const spans = () => [span({ name: 'kept' }), span({ traceId: 'abcd' })];
    const http = await overHttp(exportOf('via-http', spans()), keyOf('export-http'));
    const grpc = await overGrpc(exportOf('via-grpc', spans()), keyOf('export-grpc'));
    expect([http.outcome, grpc.outcome]).toEqual(['ok', 'ok']);
    expect(http.text).toMatch(/1 spans rejected: .*trace_id/);
    expect(grpc.text).toBe(http.text);
    // Answered once committed: the kept spans are there already, in the keys' environment.
    for (const dataset of ['via-http', 'via-grpc']) {
      expect((await readEvents(server.store, 'prod', dataset)).map((e) => e.fields.name)).toEqual(['kept']);
      expect(await readEvents(server.store, 'default', dataset)).toEqual([]);
    }
  });

  it('holds a key to one rate limit across both transports', async () => {
    expect((await overHttp(exportOf('rate'), keyOf('rate-http-first'))).outcome).toBe('ok');
    const grpc = await overGrpc(exportOf('rate'), keyOf('rate-http-first'));
    expect(grpc.outcome).toBe('unavailable');
    expect(grpc.text).toMatch(/is over its rate limit/);

    expect((await overGrpc(exportOf('rate'), keyOf('rate-grpc-first'))).outcome).toBe('ok');
    const http = await overHttp(exportOf('rate'), keyOf('rate-grpc-first'));
    expect(http.outcome).toBe('unavailable');
    expect(http.text).toMatch(/is over its rate limit/);
  });
});
