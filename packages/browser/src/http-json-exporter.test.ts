import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpJsonExporter } from './http-json-exporter.ts';
import type { OtlpTracesRequest } from './otlp-json.ts';
import type { FinishedSpan } from './tracer.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let tracesUrl: string;
let received: Received[];

beforeEach(async () => {
  received = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tracesUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
});

afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

function span(i: number, attributes = {}): FinishedSpan {
  const spanId = i.toString(16).padStart(16, '0');
  return {
    context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId, sampled: true },
    name: `GET /api/products`,
    kind: 3,
    startMs: 1_764_288_000_000 + i,
    endMs: 1_764_288_000_010 + i,
    attributes: { 'http.request.method': 'GET', ...attributes },
    events: [],
  };
}

const spansIn = (r: Received) => (JSON.parse(r.body) as OtlpTracesRequest).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));

describe('createHttpJsonExporter', () => {
  it('posts OTLP/JSON in batches of at most maxBatchSpans with the resource and headers', async () => {
    const exporter = createHttpJsonExporter({
      tracesUrl,
      headers: { 'x-honeycomb-team': 'ingest-key' },
      resource: { 'service.name': 'shop-web' },
      fetch,
      maxBatchSpans: 50,
    });
    for (let i = 1; i <= 120; i++) exporter.export(span(i));
    await exporter.shutdown();
    expect(received.map((r) => spansIn(r).length).sort()).toEqual([20, 50, 50]);
    expect(received.map((r) => spansIn(r).map((s) => s.spanId)).flat()).toHaveLength(120);
    for (const r of received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-honeycomb-team']).toBe('ingest-key');
      expect(JSON.parse(r.body).resourceSpans[0].resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'shop-web' } }]);
    }
  });

  it('splits a batch whose body would not fit the 64 KiB keepalive and beacon budget', async () => {
    const exporter = createHttpJsonExporter({ tracesUrl, headers: {}, resource: {}, fetch });
    const stack = 'at loadMore (https://shop.example/app.js:1:1)\n'.repeat(90);
    for (let i = 1; i <= 30; i++) exporter.export(span(i, { 'code.stacktrace': stack }));
    await exporter.flush();
    await exporter.shutdown();
    expect(received.length).toBeGreaterThan(1);
    expect(received.every((r) => Buffer.byteLength(r.body) <= 60_000)).toBe(true);
    expect(received.flatMap(spansIn)).toHaveLength(30);
  });

  it('sends the queue when the page hides and lets the last flush close what is pending', async () => {
    const hides: boolean[] = [];
    const exporter = createHttpJsonExporter({
      tracesUrl,
      headers: {},
      resource: {},
      fetch,
      beforeFlush: (pageHiding) => hides.push(pageHiding),
    });
    exporter.export(span(1));
    exporter.flushOnPageHide();
    await exporter.shutdown();
    expect(hides).toEqual([true, false]);
    expect(received.flatMap(spansIn)).toHaveLength(1);
  });

  it('drops spans it cannot deliver without throwing', async () => {
    const unreachable = createHttpJsonExporter({ tracesUrl: 'http://127.0.0.1:1/v1/traces', headers: {}, resource: {}, fetch });
    unreachable.export(span(1));
    await expect(unreachable.flush()).resolves.toBeUndefined();
    await unreachable.shutdown();
  });
});
