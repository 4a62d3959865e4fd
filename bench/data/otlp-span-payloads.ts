// OTLP protobuf export requests made by the real OpenTelemetry SDK: spans with about ten
// attributes each, as a busy web service produces them, for ingest benchmarks.
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { SpanKind, context, trace } from '@opentelemetry/api';

export interface SpanPayloads {
  payloads: Uint8Array[];
  spansPerPayload: number;
}

/** `count` distinct payloads of `spansPerPayload` spans (traces of 5 spans) from `services` services. */
export function makeSpanPayloads(count: number, spansPerPayload: number, services = 5): SpanPayloads {
  const payloads: Uint8Array[] = [];
  for (let p = 0; p < count; p++) {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        'service.name': `svc-${p % services}`,
        'service.version': '1.2.3',
        'deployment.environment.name': 'prod',
        'host.name': `host-${p % 7}`,
      }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('bench', '1.0.0');
    for (let t = 0; t < spansPerPayload / 5; t++) {
      const root = tracer.startSpan(`GET /api/items/{id}`, {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'http.route': `/api/items/${t % 50}`,
          'http.response.status_code': t % 23 === 0 ? 500 : 200,
          'user.id': `user-${(p * 7919 + t) % 100_000}`,
          'app.team': `team-${t % 40}`,
          'url.path': `/api/items/${t}`,
        },
      });
      const ctx = trace.setSpan(context.active(), root);
      for (let c = 0; c < 4; c++) {
        tracer
          .startSpan(`db query ${c}`, {
            kind: SpanKind.CLIENT,
            attributes: { 'db.system': 'postgresql', 'db.operation.name': 'SELECT', 'db.rows': c * 10, 'peer.service': 'db' },
          }, ctx)
          .end();
      }
      root.end();
    }
    payloads.push(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!);
  }
  return { payloads, spansPerPayload };
}
