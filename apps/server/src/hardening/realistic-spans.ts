// OTLP protobuf export requests as instrumented services send them, made by the real
// OpenTelemetry SDK: traces of a server span and its client spans, each span with about
// thirty attributes (resource, HTTP, database, user, feature flags), from many services.
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { SpanKind, context, trace, type Attributes } from '@opentelemetry/api';

/** Spans per trace: a server span and its client spans. */
const TRACE_SPANS = 5;

/** `count` payloads of `spansPerPayload` spans, payload p from service `svc-(p mod services)`. */
export function realisticSpanPayloads(count: number, spansPerPayload: number, services: number): Uint8Array[] {
  return Array.from({ length: count }, (_, p) => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        'service.name': `svc-${p % services}`,
        'service.version': `1.${p % 4}.0`,
        'service.namespace': 'shop',
        'deployment.environment.name': 'prod',
        'host.name': `host-${p % 7}`,
        'host.arch': 'amd64',
        'process.pid': 1000 + (p % 50),
        'process.runtime.name': 'nodejs',
        'process.runtime.version': '20.18.0',
        'telemetry.sdk.language': 'nodejs',
        'cloud.region': `eu-west-${p % 3}`,
        'k8s.pod.name': `svc-${p % services}-${p % 5}`,
      }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('shop', '1.0.0');
    for (let t = 0; t < spansPerPayload / TRACE_SPANS; t++) {
      const n = p * 7919 + t;
      const request: Attributes = {
        'http.request.method': n % 5 === 0 ? 'POST' : 'GET',
        'http.route': `/api/items/${t % 50}`,
        'http.response.status_code': n % 23 === 0 ? 500 : 200,
        'url.path': `/api/items/${n % 997}`,
        'url.scheme': 'https',
        'server.address': 'shop.example',
        'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
        'client.address': `10.0.${n % 256}.${(n * 7) % 256}`,
        'user.id': `user-${n % 100_000}`,
        'session.id': `session-${n % 20_000}`,
        'app.team': `team-${t % 40}`,
        'app.cart.items': n % 12,
        'app.cart.total': (n % 10_000) / 100,
        'feature_flag.key': 'new-checkout',
        'feature_flag.result.variant': n % 3 === 0 ? 'on' : 'off',
        'network.protocol.version': '1.1',
      };
      const root = tracer.startSpan('GET /api/items/{id}', { kind: SpanKind.SERVER, attributes: request });
      const ctx = trace.setSpan(context.active(), root);
      for (let c = 1; c < TRACE_SPANS; c++) {
        const query: Attributes = {
          'db.system': 'postgresql',
          'db.operation.name': 'SELECT',
          'db.collection.name': `items_${c}`,
          'db.query.text': `SELECT * FROM items_${c} WHERE id = $1 AND tenant = $2`,
          'db.response.returned_rows': (n * c) % 40,
          'server.address': `db-${c}.internal`,
          'server.port': 5432,
          'peer.service': 'postgres',
          'user.id': `user-${n % 100_000}`,
          'app.team': `team-${t % 40}`,
          'app.shard': n % 16,
          'app.cache.hit': n % 4 === 0,
          'network.peer.address': `10.1.0.${c}`,
          'network.transport': 'tcp',
          'thread.name': `worker-${c}`,
          'code.function.name': `loadItems${c}`,
        };
        tracer.startSpan(`SELECT items_${c}`, { kind: SpanKind.CLIENT, attributes: query }, ctx).end();
      }
      root.end();
    }
    return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
  });
}
