// Spans as the OTLP decoder makes them of a busy system's traffic, for the storage and
// trace-lookup benchmarks: 50 services, 500 endpoints, 1M users; random 16-byte trace ids
// and 8-byte span ids in hex, about ten attributes per span, log-normal durations, time
// moving forward. Each service exports its spans every few seconds, as an SDK does, and
// the exports are appended through the store like ingest appends them.
import type { DatasetBatch, FieldValue, WideEvent, Store } from '@flashlight/server';
import { seededRandom, type Random } from '@flashlight/server/testing';

export const SERVICES = 50;
export const ENDPOINTS_PER_SERVICE = 10;
export const USERS = 1_000_000;
export const START_US = Date.UTC(2026, 0, 1) * 1000;
/** Spans per second of simulated time (10M spans cover 17 minutes): exports of ~1,000 spans. */
const SPANS_PER_SECOND = 10_000;
/** How often each service exports what it has (the SDK's batch processor delay). */
const EXPORT_EVERY_US = 5e6;
const ENVIRONMENT = 'bench';

const hex8 = (random: Random) => Math.floor(random() * 4294967296).toString(16).padStart(8, '0');
const spanId = (random: Random) => hex8(random) + hex8(random);
const traceId = (random: Random) => spanId(random) + spanId(random);
/** Log-normal milliseconds around `medianMs` (Box–Muller). */
const logNormalMs = (random: Random, medianMs: number) =>
  Math.round(medianMs * Math.exp(0.9 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())) * 1000) / 1000;

const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const DB_OPERATIONS = ['SELECT', 'SELECT', 'INSERT', 'UPDATE'];
const serviceName = (s: number) => `svc-${String(s).padStart(2, '0')}`;
const route = (s: number, e: number) => `/api/${serviceName(s)}/resource-${e}/:id`;

interface TraceSpan {
  service: number;
  event: WideEvent;
}

/** One request through 1–4 services: a server span per hop, a client span per call, database spans. */
function makeTrace(random: Random, startUs: number): TraceSpan[] {
  const id = traceId(random);
  const user = `user-${Math.floor(random() * USERS)}`;
  const team = `team-${Math.floor(random() * 40)}`;
  const method = METHODS[Math.floor(random() * METHODS.length)];
  const failed = random() < 0.02;
  const spans: TraceSpan[] = [];
  const span = (service: number, name: string, kind: string, parent: string | null, atUs: number, durationMs: number, attributes: Record<string, FieldValue>) => {
    const self = spanId(random);
    const fields: Record<string, FieldValue> = {
      'service.version': `1.${service % 7}.${service % 3}`,
      'deployment.environment.name': 'prod',
      'host.name': `${serviceName(service)}-${Math.floor(random() * 4)}`,
      'library.name': kind === 'client' && name.startsWith('db') ? '@opentelemetry/instrumentation-pg' : '@opentelemetry/instrumentation-http',
      ...attributes,
      'trace.trace_id': id,
      'trace.span_id': self,
      name,
      duration_ms: durationMs,
      'span.kind': kind,
      status_code: failed ? 2 : 0,
      error: failed,
      'service.name': serviceName(service),
      'meta.signal_type': 'trace',
    };
    if (parent !== null) fields['trace.parent_id'] = parent;
    spans.push({ service, event: { timeUs: atUs, sampleRate: 1, fields } });
    return self;
  };
  const hops = 1 + Math.floor(random() * random() * 4);
  let service = Math.floor(random() * SERVICES);
  let parent: string | null = null;
  let atUs = startUs;
  let durationMs = logNormalMs(random, 40);
  for (let hop = 0; hop < hops; hop++) {
    const endpoint = Math.floor(random() * ENDPOINTS_PER_SERVICE);
    const server = span(service, `${method} ${route(service, endpoint)}`, 'server', parent, atUs, durationMs, {
      'http.request.method': method,
      'http.route': route(service, endpoint),
      'http.response.status_code': failed ? 500 : random() < 0.03 ? 404 : 200,
      'url.path': route(service, endpoint).replace(':id', String(Math.floor(random() * 100_000))),
      'user.id': user,
      'app.team': team,
    });
    for (let q = Math.floor(random() * 3); q > 0; q--) {
      const operation = DB_OPERATIONS[Math.floor(random() * DB_OPERATIONS.length)];
      span(service, `db ${operation}`, 'client', server, atUs + 100, logNormalMs(random, 2), {
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        'db.collection.name': `table_${(service * 3 + q) % 120}`,
        'server.address': `db-${service % 5}`,
        'user.id': user,
      });
    }
    if (hop === hops - 1) break;
    const next = (service + 1 + Math.floor(random() * (SERVICES - 1))) % SERVICES;
    durationMs = Math.min(durationMs * 0.8, logNormalMs(random, 20));
    atUs += 500;
    parent = span(service, `${method} ${serviceName(next)}`, 'client', server, atUs, durationMs, {
      'http.request.method': method,
      'server.address': serviceName(next),
      'peer.service': serviceName(next),
      'http.response.status_code': failed ? 500 : 200,
      'user.id': user,
    });
    atUs += 200;
    service = next;
  }
  return spans;
}

/**
 * About `spans` spans (whole traces) as the exports of each service, in time order, each
 * export one dataset batch. The same seed gives the same spans.
 */
export function* traceSpanBatches(spans: number, seed = 1): Generator<DatasetBatch> {
  const random = seededRandom(seed);
  const pending: WideEvent[][] = Array.from({ length: SERVICES }, () => []);
  const flush = function* () {
    for (let s = 0; s < SERVICES; s++) {
      if (pending[s].length === 0) continue;
      yield { environment: ENVIRONMENT, dataset: serviceName(s), events: pending[s] };
      pending[s] = [];
    }
  };
  let made = 0;
  let nowUs = START_US;
  let nextExportUs = START_US + EXPORT_EVERY_US;
  while (made < spans) {
    // Traces start at random moments, at the rate that gives SPANS_PER_SECOND spans.
    nowUs += Math.round(-Math.log(1 - random()) * (1e6 / SPANS_PER_SECOND) * 4);
    if (nowUs >= nextExportUs) {
      yield* flush();
      nextExportUs += EXPORT_EVERY_US;
    }
    for (const { service, event } of makeTrace(random, nowUs)) {
      pending[service].push(event);
      made++;
    }
  }
  yield* flush();
}

/** The environment the batches are in. */
export const TRACE_SPANS_ENVIRONMENT = ENVIRONMENT;

/**
 * Appends the batches through `store.append` with `inFlight` appends at once, as
 * concurrent ingest requests would; resolves with the spans stored.
 */
export async function appendTraceSpans(store: Store, spans: number, inFlight = 16, onProgress?: (stored: number) => void): Promise<number> {
  const batches = traceSpanBatches(spans);
  let stored = 0;
  let reported = 0;
  const sender = async () => {
    for (let next = batches.next(); !next.done; next = batches.next()) {
      const { stored: appended } = await store.append(next.value);
      stored += appended;
      if (onProgress && stored - reported >= 1_000_000) {
        reported = stored;
        onProgress(stored);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
  return stored;
}
