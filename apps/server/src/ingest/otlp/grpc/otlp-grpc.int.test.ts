// The real OpenTelemetry gRPC trace and log exporters against a running server on a free
// gRPC port (metrics: metrics/otlp-metrics.int.test.ts), and the errors an exporter sees
// for a malformed request and when the server sheds load.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { credentials, Client, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { startMemoryServer, type TempServer } from '../../../testing/temp-server.ts';
import { readFile } from 'node:fs/promises';
import { encodeTraces, span, traceRequest } from '../fixtures/otlp-payloads.ts';

let server: TempServer;
let grpcUrl: string;

beforeAll(async () => {
  server = await startMemoryServer({ grpcPort: 0 });
  grpcUrl = `http://127.0.0.1:${server.grpcPort}`;
});

afterAll(async () => {
  await server?.dispose();
});

/** Events of one signal type; the SDK's forceFlush does not wait for the gRPC call, so this polls. */
async function signalCount(dataset: string, signal: string, expected: number): Promise<number> {
  // The exporter's call lands within moments, or far later on a busy machine.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      body: JSON.stringify({ dataset, query: { breakdowns: ['meta.signal_type'], time_range: 600 } }),
    });
    // 404: no event of the dataset has arrived yet.
    const results = response.status === 404 ? [] : ((await response.json()) as { data: { results: { data: Record<string, unknown> }[] } }).data.results;
    const seen = Number(results.find((row) => row.data['meta.signal_type'] === signal)?.data.COUNT ?? 0);
    if (seen >= expected || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('spans and log records from the gRPC exporters (gzip) are committed when the export succeeds', async () => {
  const resource = resourceFromAttributes({ 'service.name': 'grpc-checkout' });
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: grpcUrl, compression: 'gzip' as never }))],
  });
  const tracer = tracerProvider.getTracer('checkout');
  for (const name of ['GET /cart', 'POST /orders']) tracer.startSpan(name, { attributes: { 'user.id': 'u-42' } }).end();
  await tracerProvider.forceFlush();

  const loggerProvider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: grpcUrl }) })] });
  loggerProvider.getLogger('checkout').emit({ severityText: 'WARN', body: 'card declined', attributes: { 'user.id': 'u-42' } });
  await loggerProvider.forceFlush();

  expect(await signalCount('grpc-checkout', 'trace', 2)).toBe(2);
  expect(await signalCount('grpc-checkout', 'log', 1)).toBe(1);
  await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown()]);
});

function rawExport(port: number) {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  const call = (body: Buffer) =>
    new Promise<Buffer>((resolve, reject) => {
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        body,
        new Metadata(),
        (error: ServiceError | null, answer?: Buffer) => (error ? reject(error) : resolve(answer!)),
      );
    });
  return { call, close: () => client.close() };
}

test('a malformed request is INVALID_ARGUMENT with the decoder message; an empty one succeeds', async () => {
  const { call, close } = rawExport(server.grpcPort!);
  // Field 1 (resource_spans) claiming 100 bytes that are not there.
  const error = (await call(Buffer.from([0x0a, 0x64, 0x01])).catch((e: ServiceError) => e)) as ServiceError;
  expect(error.code).toBe(status.INVALID_ARGUMENT);
  expect(error.details).toMatch(/invalid protobuf: length 100 runs past the end/);
  expect((await call(Buffer.alloc(0))).length).toBe(0);
  close();
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  expect(metrics).toContain(`flashlight_grpc_responses_total{code="${status.INVALID_ARGUMENT}"} 1\n`);
});

test('a span that cannot become an event is reported in partial_success; the rest commit', async () => {
  const { call, close } = rawExport(server.grpcPort!);
  const body = Buffer.from(
    encodeTraces(
      traceRequest([span({ name: 'kept' }), span({ traceId: 'abcd' })], [{ key: 'service.name', value: { stringValue: 'grpc-partial' } }]),
      'protobuf',
    ),
  );
  const answer = await call(body);
  close();
  // ExportTraceServiceResponse { partial_success = 1 { rejected_spans = 1: 1; error_message = 2 } }
  expect([answer[0], answer[2], answer[3]]).toEqual([0x0a, 0x08, 1]);
  expect(answer.toString('utf8')).toMatch(/1 spans rejected: .*trace_id/);
  // The answer came after the commit: the kept span (from 2023, so no time range query) is stored.
  const columns = await (await fetch(`${server.url}/api/v1/datasets/grpc-partial/columns`)).json();
  expect((columns as { name: string }[]).map((c) => c.name)).toContain('trace.span_id');
});

test('when the write queue is full, exports fail UNAVAILABLE (the exporters retry); the others succeed', async () => {
  const small = await startMemoryServer({ grpcPort: 0, maxPendingEvents: 20 });
  try {
    const body = await readFile(new URL('../fixtures/traces.otlp.pb', import.meta.url));
    const { call, close } = rawExport(small.grpcPort!);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(body).then(
          () => 'ok',
          (error: ServiceError) => error.code,
        ),
      ),
    );
    close();
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain(status.UNAVAILABLE);
    expect(outcomes.every((outcome) => outcome === 'ok' || outcome === status.UNAVAILABLE)).toBe(true);
  } finally {
    await small.dispose();
  }
});
