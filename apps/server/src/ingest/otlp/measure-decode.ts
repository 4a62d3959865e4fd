// Decode throughput: OTLP trace requests from the real SDK (spans with ten attributes),
// through decodeTraces (decode + normalize to wide events), beside protobufjs decoding the
// same bodies with a reflected schema (decode only) as the baseline, in one process.
//   npx tsx apps/server/src/ingest/otlp/measure-decode.ts [--quick]
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ExportTraceServiceRequest } from './fixtures/otlp-proto-descriptor.ts';
import { decodeTraces } from './index.ts';
import { decodeTraceRequestProtobuf } from './protobuf/decode-traces-protobuf.ts';

const quick = process.argv.includes('--quick');
const REQUESTS = quick ? 5 : 20;
const SPANS_PER_REQUEST = 1000;
const ROUNDS = quick ? 3 : 10;

function makeSpans(request: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `svc-${request % 4}`, 'service.version': '1.4.2', 'host.name': `host-${request}` }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('measure', '1.0.0');
  for (let i = 0; i < SPANS_PER_REQUEST; i++) {
    tracer
      .startSpan(
        i % 5 === 0 ? 'GET /api/items/{id}' : `db query ${i % 5}`,
        {
          kind: i % 5 === 0 ? SpanKind.SERVER : SpanKind.CLIENT,
          attributes: {
            'http.request.method': 'GET',
            'http.route': `/api/items/${i % 50}`,
            'http.response.status_code': i % 23 === 0 ? 500 : 200,
            'user.id': `user-${(request * 7919 + i) % 100_000}`,
            'app.team': `team-${i % 40}`,
            'url.path': `/api/items/${i}?page=${i % 7}`,
            'db.rows': i % 100,
            'app.latency_budget_ms': 12.5 + (i % 10),
            'app.feature.new_checkout': i % 2 === 0,
            'app.tags': ['a', `t${i % 3}`],
          },
        },
        ROOT_CONTEXT,
      )
      .end();
  }
  return exporter.getFinishedSpans();
}

const spans = Array.from({ length: REQUESTS }, (_, i) => makeSpans(i));
const protobufBodies = spans.map((s) => ProtobufTraceSerializer.serializeRequest(s)!);
const jsonBodies = spans.map((s) => JsonTraceSerializer.serializeRequest(s)!);

const decoders = {
  baseline: () => protobufBodies.forEach((body) => ExportTraceServiceRequest.decode(body)),
  reader: () => protobufBodies.forEach((body) => decodeTraceRequestProtobuf(body)),
  protobuf: () => protobufBodies.forEach((body) => decodeTraces(body, 'protobuf', 'prod')),
  json: () => jsonBodies.forEach((body) => decodeTraces(body, 'json', 'prod')),
};

/**
 * Spans per second of this process's CPU time, from the best of ROUNDS passes over all
 * requests, the decoders taking turns: the figure for one core, as little disturbed as
 * can be by whatever else the machine runs.
 */
const best = { baseline: Infinity, reader: Infinity, protobuf: Infinity, json: Infinity };
for (let round = 0; round <= ROUNDS; round++) {
  for (const name of ['baseline', 'reader', 'protobuf', 'json'] as const) {
    const started = process.cpuUsage();
    decoders[name]();
    const used = process.cpuUsage(started);
    if (round > 0) best[name] = Math.min(best[name], (used.user + used.system) / 1e6); // round 0 warms up
  }
}
const spansPerSecond = (name: keyof typeof best) => (REQUESTS * SPANS_PER_REQUEST) / best[name];
const baseline = spansPerSecond('baseline');
const reader = spansPerSecond('reader');
const protobuf = spansPerSecond('protobuf');
const json = spansPerSecond('json');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`${REQUESTS} requests x ${SPANS_PER_REQUEST} spans (10 attributes each), ${ROUNDS} rounds, Node ${process.version}`);
console.log(`protobufjs decode only (baseline):      ${fmt(baseline)} spans/s`);
console.log(`wire reader to OTLP model only:         ${fmt(reader)} spans/s  ratio ${(reader / baseline).toFixed(2)}`);
console.log(`decodeTraces protobuf (+ normalize):    ${fmt(protobuf)} spans/s  ratio ${(protobuf / baseline).toFixed(2)}`);
console.log(`decodeTraces JSON (+ normalize):        ${fmt(json)} spans/s  ratio ${(json / baseline).toFixed(2)}`);
