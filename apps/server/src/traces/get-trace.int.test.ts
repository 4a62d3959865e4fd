// A trace that crosses three services (three datasets), sent through the events API of a
// real server and read back through GET /api/v1/traces/:traceId.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../server.ts';
import type { Trace } from './trace-tree.ts';
import { getTrace } from './get-trace.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER = '00f067aa0ba902b7a3ce929d0e0e4736';
const start = Date.now() - 60_000;
const at = (ms: number) => new Date(start + ms).toISOString();

// frontend GET /checkout → checkout POST /orders → payments charge (fails), with a span
// event on the charge and a link from the order to another trace.
const datasets: Record<string, { data: Record<string, unknown>; time: string }[]> = {
  frontend: [
    {
      time: at(0),
      data: {
        'trace.trace_id': TRACE,
        'trace.span_id': 'a1',
        name: 'GET /checkout',
        'service.name': 'frontend',
        duration_ms: 250,
        'span.kind': 'server',
        status_code: 1,
      },
    },
    { time: at(1000), data: { 'trace.trace_id': OTHER, 'trace.span_id': 'z1', name: 'GET /', 'service.name': 'frontend', duration_ms: 5 } },
  ],
  checkout: [
    {
      time: at(10),
      data: {
        'trace.trace_id': TRACE,
        'trace.span_id': 'b1',
        'trace.parent_id': 'a1',
        name: 'POST /orders',
        'service.name': 'checkout',
        duration_ms: 200,
        'span.kind': 'server',
        status_code: 2,
        error: true,
      },
    },
    {
      time: at(12),
      data: {
        'trace.trace_id': TRACE,
        'trace.span_id': 'b2',
        'trace.parent_id': 'b1',
        name: 'SELECT orders',
        'service.name': 'checkout',
        duration_ms: 20,
        'span.kind': 'client',
      },
    },
    {
      time: at(10),
      data: {
        'trace.trace_id': TRACE,
        'trace.parent_id': 'b1',
        'meta.annotation_type': 'link',
        'trace.link.trace_id': OTHER,
        'trace.link.span_id': 'z1',
        'service.name': 'checkout',
      },
    },
  ],
  payments: [
    {
      time: at(40),
      data: {
        'trace.trace_id': TRACE,
        'trace.span_id': 'c1',
        'trace.parent_id': 'b1',
        name: 'charge',
        'service.name': 'payments',
        duration_ms: 150,
        'span.kind': 'server',
        status_code: 2,
        error: true,
      },
    },
    {
      time: at(180),
      data: {
        'trace.trace_id': TRACE,
        'trace.parent_id': 'c1',
        'meta.annotation_type': 'span_event',
        name: 'exception',
        'exception.message': 'card declined',
        'service.name': 'payments',
      },
    },
  ],
};

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'flashlight-trace-'));
  server = await startServer({ port: 0, dataDir, quiet: true });
  for (const [dataset, events] of Object.entries(datasets)) {
    const response = await fetch(`${server.url}/1/batch/${dataset}`, { method: 'POST', body: JSON.stringify(events) });
    expect(response.status).toBe(200);
  }
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('GET /api/v1/traces/:traceId', () => {
  test('returns every span of the trace across three services, as a tree in waterfall order', async () => {
    const response = await fetch(`${server.url}/api/v1/traces/${TRACE}`);
    expect(response.status).toBe(200);
    const trace = (await response.json()) as Trace;
    expect(trace.spans.map((s) => [s.spanId, s.parentId, s.depth, s.dataset])).toEqual([
      ['a1', null, 0, 'frontend'],
      ['b1', 'a1', 1, 'checkout'],
      ['b2', 'b1', 2, 'checkout'],
      ['c1', 'b1', 2, 'payments'],
    ]);
    expect(trace.spans[1].childIds).toEqual(['b2', 'c1']);
    expect(trace.summary).toEqual({
      traceId: TRACE,
      rootSpanId: 'a1',
      rootName: 'GET /checkout',
      rootService: 'frontend',
      startUs: start * 1000,
      durationMs: 250,
      services: ['checkout', 'frontend', 'payments'],
      spanCount: 4,
      errorCount: 2,
      truncated: false,
    });
  });

  test('span events and links are attached to their span', async () => {
    const trace = (await (await fetch(`${server.url}/api/v1/traces/${TRACE}`)).json()) as Trace;
    const charge = trace.spans.find((s) => s.spanId === 'c1')!;
    expect(charge.events).toHaveLength(1);
    expect(charge.events[0]).toMatchObject({ name: 'exception', fields: { 'exception.message': 'card declined' } });
    const order = trace.spans.find((s) => s.spanId === 'b1')!;
    expect(order.links.map((l) => l.fields['trace.link.trace_id'])).toEqual([OTHER]);
    expect(order.events).toEqual([]);
  });

  test('a time hint outside the trace finds nothing; an unknown trace is 404', async () => {
    const before = Math.floor(start / 1000) - 3600;
    expect((await fetch(`${server.url}/api/v1/traces/${TRACE}?start=${before}&end=${before + 60}`)).status).toBe(404);
    const inside = await fetch(`${server.url}/api/v1/traces/${TRACE}?start=${Math.floor(start / 1000) - 1}&end=${Math.ceil(start / 1000) + 5}`);
    expect(((await inside.json()) as Trace).summary.spanCount).toBe(4);
    const missing = await fetch(`${server.url}/api/v1/traces/ffffffffffffffffffffffffffffffff`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no trace "ffffffffffffffffffffffffffffffff"' });
  });

  test('a trace with more events than the reader takes keeps its earliest and says it was cut', async () => {
    const trace = (await getTrace(server.store, 'default', TRACE, { maxEvents: 3 }))!;
    expect(trace.summary.truncated).toBe(true);
    expect(trace.spans.map((s) => s.spanId)).toEqual(['a1', 'b1']);
  });

  test('an id in capitals finds the trace stored in lowercase', async () => {
    const response = await fetch(`${server.url}/api/v1/traces/${TRACE.toUpperCase()}`);
    expect(((await response.json()) as Trace).summary.traceId).toBe(TRACE);
  });

  test('a bad hint is a 400 that names it', async () => {
    const response = await fetch(`${server.url}/api/v1/traces/${TRACE}?start=yesterday`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'start must be unix seconds, not "yesterday"' });
  });
});
