// OTLP/gRPC with API keys: the key travels as metadata, as over HTTP; without a key the
// export is UNAUTHENTICATED, with a query key PERMISSION_DENIED, and an ingest key's spans
// land in its environment; a key over its rate limit is told to back off.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { credentials, Client, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { startServerWithKeys, type IssuedKey } from '../../../hardening/server-with-keys.ts';
import type { TempServer } from '../../../testing/temp-server.ts';

let server: TempServer;
let ingestKey: IssuedKey;
let queryKey: IssuedKey;

beforeAll(async () => {
  ({
    server,
    keys: [ingestKey, queryKey],
  } = await startServerWithKeys(
    [
      { name: 'collector', kind: 'ingest', environment: 'prod' },
      { name: 'dashboards', kind: 'query', environment: 'prod' },
    ],
    { grpcPort: 0 },
    { engine: 'memory' },
  ));
});

afterAll(async () => {
  await server?.dispose();
});

function exportWith(metadata: Metadata, port = server.grpcPort!): Promise<ServiceError | null> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(0),
      metadata,
      (error: ServiceError | null) => {
        client.close();
        resolve(error);
      },
    );
  });
}

test('no key is UNAUTHENTICATED, a query key PERMISSION_DENIED', async () => {
  expect((await exportWith(new Metadata()))?.code).toBe(status.UNAUTHENTICATED);
  const withQueryKey = new Metadata();
  withQueryKey.set('authorization', `Bearer ${queryKey.text}`);
  expect((await exportWith(withQueryKey))?.code).toBe(status.PERMISSION_DENIED);
});

test("an ingest key's spans land in the key's environment", async () => {
  const metadata = new Metadata();
  metadata.set('x-honeycomb-team', ingestKey.text);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'keyed' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${server.grpcPort}`, metadata }))],
  });
  provider.getTracer('keyed').startSpan('GET /').end();
  await provider.shutdown();
  // The exporter's call lands within moments, or far later on a busy machine.
  const deadline = Date.now() + 60_000;
  let names: string[] = [];
  while (Date.now() < deadline && !names.includes('keyed')) {
    const response = await fetch(`${server.url}/api/v1/datasets`, { headers: { 'x-honeycomb-team': queryKey.text } });
    names = ((await response.json()) as { name: string }[]).map((d) => d.name);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(names).toEqual(['keyed']);
});

test('a key over its request rate is UNAVAILABLE, so the exporter backs off and retries', async () => {
  const limited = await startServerWithKeys(
    [{ name: 'chatty', kind: 'ingest', environment: 'prod' }],
    { grpcPort: 0, keyRequestsPerSecond: 1 },
    { engine: 'memory' },
  );
  try {
    const metadata = new Metadata();
    metadata.set('x-honeycomb-team', limited.keys[0].text);
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(await exportWith(metadata, limited.server.grpcPort!));
    expect(errors[0]).toBeNull();
    expect(errors.slice(1).map((error) => error?.code)).toContain(status.UNAVAILABLE);
    expect(errors.find((error) => error !== null)?.details).toMatch(/is over its rate limit/);
  } finally {
    await limited.server.dispose();
  }
});
