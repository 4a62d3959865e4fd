// Test fixture: traces for the relational oracle, one dataset per service as OTLP data is
// laid out. Random trees of spans across services, children that start after their parent
// ended (async work), spans whose parent was never stored, traces without a root, span
// events and log records inside spans, and plain events with no trace in the same
// datasets. Seeded, so every run sees the same data.
import type { FieldValue } from '../../events/wide-event.ts';
import { pick, randomInt, seededRandom } from '../../hardening/seeded-random.ts';
import type { GeneratedEvent } from './generated-events.ts';

export interface DatasetEvent extends GeneratedEvent {
  dataset: string;
}

export const TRACE_SERVICES = ['web', 'orders', 'payments', 'search'] as const;
const ROOT_NAMES = ['GET /checkout', 'GET /search', 'POST /orders', 'GET /'];
const CHILD_NAMES = ['db query', 'ecommerce price', 'charge card', 'fraud check', 'cache get', 'render'];
const OUTCOMES = ['ok', 'ok', 'ok', 'fallback', 'error', 'timeout'];
const TEAMS = ['megacorp', 'acme', 'tiny'];

const hex = (random: () => number, length: number) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');

export function generateTraces(options: { traces: number; startMs: number; spanMs: number; seed: number }): DatasetEvent[] {
  const random = seededRandom(options.seed);
  const events: DatasetEvent[] = [];
  for (let t = 0; t < options.traces; t++) {
    const traceId = hex(random, 32);
    const startMs = options.startMs + Math.floor(random() * (options.spanMs - 60_000));
    const spans: { id: string; service: string; startMs: number; endMs: number }[] = [];
    const count = randomInt(random, 1, 10);
    // About one trace in ten lost its root; about one span in fifteen names a parent never stored.
    const rootless = random() < 0.1;
    for (let i = 0; i < count; i++) {
      const parent = i === 0 ? undefined : pick(random, spans);
      const service = i === 0 ? pick(random, ['web', 'web', 'orders']) : pick(random, TRACE_SERVICES);
      // An async child may start after its parent has ended.
      const begin = parent ? parent.startMs + randomInt(random, 0, parent.endMs - parent.startMs + (random() < 0.2 ? 500 : 0)) : startMs;
      const durationMs = randomInt(random, 1, 400) + 0.25;
      const span = { id: hex(random, 16), service, startMs: begin, endMs: begin + Math.ceil(durationMs) };
      spans.push(span);
      if (i === 0 && rootless) continue;
      const fields: Record<string, FieldValue> = {
        'trace.trace_id': traceId,
        'trace.span_id': span.id,
        'service.name': service,
        name: i === 0 ? pick(random, ROOT_NAMES) : pick(random, CHILD_NAMES),
        duration_ms: durationMs,
        error: random() < 0.1,
      };
      const parentId = parent ? (random() < 1 / 15 ? hex(random, 16) : parent.id) : undefined;
      if (parentId) fields['trace.parent_id'] = parentId;
      if (i === 0) fields['app.team'] = pick(random, TEAMS);
      if (i > 0 && random() < 0.4) fields['vendor.outcome'] = pick(random, OUTCOMES);
      if (random() < 0.5) fields['http.status_code'] = pick(random, [200, 200, 404, 500]);
      events.push({ dataset: service, timeMs: begin, sampleRate: 1, fields });
      if (random() < 0.15) {
        events.push({
          dataset: service,
          timeMs: begin + 1,
          sampleRate: 1,
          fields: { 'trace.trace_id': traceId, 'trace.parent_id': span.id, 'meta.annotation_type': 'span_event', name: 'exception', 'service.name': service },
        });
      }
      if (random() < 0.15) {
        events.push({
          dataset: service,
          timeMs: begin + 2,
          sampleRate: 1,
          fields: { 'trace.trace_id': traceId, 'trace.span_id': span.id, 'meta.signal_type': 'log', name: 'log line', 'service.name': service },
        });
      }
    }
  }
  // Plain events in the same datasets, in no trace.
  for (let i = 0; i < 60; i++) {
    const service = pick(random, TRACE_SERVICES);
    events.push({
      dataset: service,
      timeMs: options.startMs + Math.floor(random() * options.spanMs),
      sampleRate: 1,
      fields: { 'service.name': service, name: 'cron tick', duration_ms: randomInt(random, 1, 50) + 0.5, 'app.team': pick(random, TEAMS) },
    });
  }
  return events;
}
