// OTLP protobuf export requests as an OpenTelemetry fleet sends them, made by the real
// OpenTelemetry JS SDK and its protobuf serializer: 20 services, each with 17 resource
// attributes, traces that cross 1–5 of them, 27–33 fields per span once stored, random
// ids, some traces kept by probability sampling (with their rate in the tracestate or a
// SampleRate attribute) beside unsampled ones. Each service exports its own payloads of
// `spansPerPayload` spans, as a batch span processor does. Seeded: the same arguments make
// the same bytes, so the payloads are written once under bench/.data and read back after.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SamplingDecision,
  SimpleSpanProcessor,
  type IdGenerator,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

/** Bumped whenever the generator changes what it makes, so cached payloads are made again. */
const GENERATOR_VERSION = 1;
const SERVICES = 20;
const ENTRY_SERVICES = 4;
/** 2026-11-01T00:00:00Z: a fixed clock, so payloads are the same whenever they are made. */
const BASE_TIME_MS = Date.UTC(2026, 10, 1);
/** Traces start this far apart in simulated time: about 60k spans/s. */
const TRACE_SPACING_US = 120;

export interface RealisticPayloads {
  payloads: Uint8Array[];
  spansPerPayload: number;
  /** Where the payload files are kept. */
  dir: string;
}

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CACHE_ROOT = fileURLToPath(new URL('../.data/realistic-otlp/', import.meta.url));

/**
 * `count` payloads of `spansPerPayload` spans, from the cache when at least that many were
 * made before (a larger set begins with the same payloads), made and written there otherwise.
 */
export async function realisticPayloads(count: number, spansPerPayload = 1000, seed = 17): Promise<RealisticPayloads> {
  const dir = path.join(CACHE_ROOT, `v${GENERATOR_VERSION}-seed${seed}-${spansPerPayload}`);
  const name = (i: number) => path.join(dir, `payload-${String(i).padStart(5, '0')}.pb`);
  const cached = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.pb')).length : 0;
  if (cached >= count) {
    const payloads = await Promise.all(Array.from({ length: count }, async (_, i) => new Uint8Array(await readFile(name(i)))));
    return { payloads, spansPerPayload, dir };
  }
  const payloads = makeRealisticPayloads(count, spansPerPayload, seed);
  await mkdir(dir, { recursive: true });
  // Each file is renamed into place whole, so an interrupted run leaves no torn payload.
  await Promise.all(
    payloads.map(async (payload, i) => {
      await writeFile(`${name(i)}.partial`, payload);
      await rename(`${name(i)}.partial`, name(i));
    }),
  );
  return { payloads, spansPerPayload, dir };
}

interface Service {
  name: string;
  tracer: Tracer;
  exporter: InMemorySpanExporter;
  /** The table this service's queries read. */
  dbTable: string;
}

export function makeRealisticPayloads(count: number, spansPerPayload: number, seed: number): Uint8Array[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const word = () => Math.floor(random() * 4294967296).toString(16).padStart(8, '0');
  const hex = (bytes: number) => (bytes === 8 ? word() + word() : word() + word() + word() + word());
  const ids: IdGenerator = { generateTraceId: () => hex(16), generateSpanId: () => hex(8) };
  // One trace in four is kept at 1 in 4 (OpenTelemetry's threshold in the tracestate), one
  // in ten carries Honeycomb's SampleRate; the rest were not sampled (rate 1).
  const thresholdState = new TraceState('ot=th:c');
  let sampledByThreshold = false;
  const sampler: Sampler = {
    shouldSample: (): SamplingResult =>
      sampledByThreshold ? { decision: SamplingDecision.RECORD_AND_SAMPLED, traceState: thresholdState } : { decision: SamplingDecision.RECORD_AND_SAMPLED },
    toString: () => 'bench',
  };

  const services: Service[] = Array.from({ length: SERVICES }, (_, s) => {
    const name = ['web', 'api-gateway', 'mobile-bff', 'storefront'][s] ?? `svc-${String(s).padStart(2, '0')}`;
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes(resourceAttributes(name, s)),
      idGenerator: ids,
      sampler,
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    return { name, tracer: provider.getTracer(`@bench/${name}`), exporter, dbTable: `table_${s % 7}` };
  });

  const payloads: Uint8Array[] = [];
  let timeUs = BASE_TIME_MS * 1000;
  const ns = (us: number): [number, number] => [Math.floor(us / 1e6), Math.round((us % 1e6) * 1000)];
  const flush = (service: Service) => {
    const finished = service.exporter.getFinishedSpans();
    if (finished.length < spansPerPayload) return;
    payloads.push(ProtobufTraceSerializer.serializeRequest(finished.slice(0, spansPerPayload))!);
    const rest = finished.slice(spansPerPayload);
    service.exporter.reset();
    for (const span of rest) service.exporter.export([span], () => {});
  };

  /** A service answering a call: its server span, then its own work and calls beyond it. */
  const serve = (service: Service, parent: Context, hops: Service[], startUs: number, attributes: Attributes): number => {
    const server = service.tracer.startSpan(`${pick(['GET', 'POST'])} /${service.name}/{id}`, { kind: SpanKind.SERVER, startTime: ns(startUs), attributes }, parent);
    const context = trace.setSpan(parent, server);
    let at = startUs + 50 + random() * 200;
    const work = Math.floor(random() * 3);
    for (let w = 0; w < work; w++) {
      const kind = random() < 0.6 ? 'db' : 'internal';
      const duration = 100 + random() * random() * 20_000;
      const span =
        kind === 'db'
          ? service.tracer.startSpan(`SELECT ${service.dbTable}`, {
              kind: SpanKind.CLIENT,
              startTime: ns(at),
              attributes: { 'db.system.name': 'postgresql', 'db.operation.name': 'SELECT', 'db.collection.name': service.dbTable },
            }, context)
          : service.tracer.startSpan(pick(['render', 'validate', 'serialize']), { kind: SpanKind.INTERNAL, startTime: ns(at) }, context);
      end(span, at + duration);
      at += duration;
    }
    if (hops.length > 0) {
      const [next, ...beyond] = hops;
      const client = service.tracer.startSpan(`POST ${next.name}`, {
        kind: SpanKind.CLIENT,
        startTime: ns(at),
        attributes: { 'http.request.method': 'POST', 'server.address': next.name },
      }, context);
      const ended = serve(next, trace.setSpan(ROOT_CONTEXT, client), beyond, at + 100, {
        'http.request.method': 'POST',
        'http.route': `/${next.name}/{id}`,
        'http.response.status_code': 200,
      });
      client.setAttribute('http.response.status_code', 200);
      end(client, ended + 100);
      at = ended + 150;
    }
    const failed = random() < 0.03;
    if (failed) server.setStatus({ code: SpanStatusCode.ERROR, message: pick(['timeout', 'connection reset', 'upstream 503']) });
    end(server, at + 20);
    return at + 20;
  };
  const end = (span: Span, atUs: number) => span.end(ns(atUs));

  while (payloads.length < count) {
    timeUs += TRACE_SPACING_US * (0.5 + random());
    const roll = random();
    sampledByThreshold = roll < 0.25;
    const entry = services[Math.floor(random() * ENTRY_SERVICES)];
    const hops = Math.floor(random() * 5);
    const downstream = Array.from({ length: hops }, () => services[ENTRY_SERVICES + Math.floor(random() * (SERVICES - ENTRY_SERVICES))]);
    const status = random() < 0.02 ? 500 : 200;
    const attributes: Attributes = {
      'http.request.method': pick(['GET', 'GET', 'GET', 'POST', 'PUT']),
      'http.route': `/api/${pick(['items', 'cart', 'users', 'orders', 'search'])}/{id}`,
      'http.response.status_code': status,
      'user.id': `user-${Math.floor(random() * 100_000)}`,
    };
    if (roll >= 0.25 && roll < 0.35) attributes.SampleRate = 10;
    serve(entry, ROOT_CONTEXT, downstream, timeUs, attributes);
    for (const service of services) flush(service);
  }
  return payloads.slice(0, count);
}

/** 17 resource attributes, as the SDK's detectors and a deployment give them. */
function resourceAttributes(name: string, s: number): Attributes {
  return {
    'service.name': name,
    'service.namespace': 'shop',
    'service.version': `2.${s % 5}.${s % 3}`,
    'service.instance.id': `${name}-7f9c${s}d-${(s * 7919) % 10_000}`,
    'deployment.environment.name': 'production',
    'host.name': `ip-10-0-${s % 8}-${(s * 37) % 250}.ec2.internal`,
    'host.arch': 'amd64',
    'os.type': 'linux',
    'process.pid': 1000 + s * 13,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': '20.19.0',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': '2.12.1',
    'cloud.provider': 'aws',
    'cloud.region': ['us-east-1', 'eu-west-1'][s % 2],
    'k8s.pod.name': `${name}-5d8f7b${s}-x${(s * 31) % 97}`,
  };
}
