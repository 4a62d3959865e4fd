// The kit end to end: three instrumented services in their own processes, started the way
// users start them (`node --import @flashlight/node/register`), send to a real Flashlight,
// and the stored trace tells the whole story of one checkout, queued e-mail included.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemoryServer, type TempServer } from '@flashlight/server/testing';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

interface StoredSpan {
  spanId: string;
  parentId: string | null;
  name: string | null;
  service: string | null;
  fields: Record<string, string | number | boolean>;
  events: { name: string | null; fields: Record<string, string | number | boolean> }[];
  links: { fields: Record<string, string | number | boolean> }[];
}

let flashlight: TempServer;
let vendor: http.Server;
const services: ChildProcess[] = [];

/** The headers each vendor request arrived with, by path. */
const vendorHeaders = new Map<string, http.IncomingHttpHeaders>();

/**
 * Payments answers at once; /slow answers after the caller's time limit. It is a third
 * party: reached as `localhost`, a host the services do not propagate fields to.
 */
async function startVendor(): Promise<string> {
  vendor = http.createServer((request, response) => {
    vendorHeaders.set(request.url ?? '', request.headers);
    const answer = () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"ch_1"}');
    if (request.url === '/slow') setTimeout(answer, 300);
    else answer();
  });
  await new Promise<void>((resolve) => vendor.listen(0, 'localhost', resolve));
  return `http://localhost:${(vendor.address() as AddressInfo).port}`;
}

/** A port nothing listens on: the flag service and the tax vendor are offline. */
async function offlineUrl(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

interface Service {
  url: string;
  /** Everything the service printed so far. */
  output(): string;
}

async function startService(role: string, env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', path.join(here, 'register.ts'), path.join(here, 'testing/chain-service.ts')], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      CHAIN_ROLE: role,
      OTEL_SERVICE_NAME: role,
      OTEL_EXPORTER_OTLP_ENDPOINT: flashlight.url,
      FLASHLIGHT_SERVICE_VERSION: '1.2.3',
      FLASHLIGHT_ENVIRONMENT: 'test',
      // Fields may travel between our own services, all on this host.
      FLASHLIGHT_PROPAGATE_FIELDS_TO: '127.0.0.1,emails',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  services.push(child);
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  child.stdout!.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  // A service compiles and loads OpenTelemetry before it listens: far longer on a busy machine.
  const deadline = Date.now() + 120_000;
  while (!/listening (\d+)/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${role} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${/listening (\d+)/.exec(output)![1]}`, output: () => output };
}

/** Stops the services the way an orchestrator does; the kit flushes on SIGTERM. */
async function stopServices(): Promise<void> {
  await Promise.all(
    services.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    }),
  );
}

function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function storedTrace(traceId: string, atLeast: number): Promise<StoredSpan[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${flashlight.url}/api/v1/traces/${traceId}`);
    if (response.ok) {
      const { spans } = (await response.json()) as { spans: StoredSpan[] };
      if (spans.length >= atLeast || Date.now() > deadline) return spans;
    } else if (Date.now() > deadline) {
      throw new Error(`trace ${traceId} not stored: ${response.status} ${await response.text()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
let response: { status: number; body: string };
let spans: StoredSpan[];

beforeAll(async () => {
  flashlight = await startMemoryServer();
  const vendorUrl = await startVendor();
  const offline = await offlineUrl();
  const worker = await startService('worker', { CHAIN_VENDOR_URL: vendorUrl });
  const checkout = await startService('checkout', { CHAIN_VENDOR_URL: vendorUrl, CHAIN_FLAG_URL: offline, CHAIN_QUEUE_URL: worker.url });
  const shop = await startService('shop', { CHAIN_NEXT_URL: checkout.url });
  // The edge (a browser) starts the trace.
  response = await get(`${shop.url}/checkout`, { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-user-id': 'u-42' });
  const deadline = Date.now() + 60_000;
  while (!worker.output().includes('processed emails')) {
    if (Date.now() > deadline) throw new Error(`worker did not process the e-mail:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await stopServices();
  spans = await storedTrace(traceId, 16);
}, 120_000);

afterAll(async () => {
  await stopServices();
  vendor?.close();
  await flashlight?.dispose();
});

const byName = (name: string) => {
  const found = spans.filter((span) => span.name === name);
  expect(
    found.map((span) => span.name),
    `spans named ${name}`,
  ).toEqual([name]);
  return found[0];
};

describe('the Node kit against a real Flashlight', () => {
  it('answers the request as the vendors allowed', () => {
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      newPricing: false,
      charge: { id: 'ch_1' },
      shipping: 'TimeoutError',
      tax: { rate: 0 },
    });
  });

  it('stores one trace that crosses the services, parent to child', () => {
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['shop', 'checkout', 'worker']));
    const shopServer = spans.find((span) => span.service === 'shop' && span.fields['span.kind'] === 'server')!;
    const shopClient = spans.find((span) => span.service === 'shop' && span.fields['span.kind'] === 'client')!;
    const checkoutServer = spans.find((span) => span.service === 'checkout' && span.fields['span.kind'] === 'server')!;
    expect(shopServer.parentId).toBe('00f067aa0ba902b7');
    expect(shopClient.parentId).toBe(shopServer.spanId);
    expect(checkoutServer.parentId).toBe(shopClient.spanId);
    expect([shopServer.name, checkoutServer.name]).toEqual(['GET /checkout', 'POST /orders']);
    expect(checkoutServer.fields).toMatchObject({
      'http.route': '/orders',
      'trace.trace_id': traceId,
      'service.version': '1.2.3',
      'deployment.environment.name': 'test',
      'cart.items': 3,
    });
  });

  it('records each vendor call with its outcome', () => {
    expect(byName('payments charge').fields).toMatchObject({ 'vendor.outcome': 'ok', 'vendor.attempts': 1, 'vendor.circuit_state': 'closed' });
    expect(byName('shipping quote').fields).toMatchObject({ 'vendor.outcome': 'timeout', 'error.type': 'timeout' });
    expect(byName('tax quote').fields).toMatchObject({
      'vendor.outcome': 'fallback',
      'vendor.fallback': true,
      'vendor.fallback_reason': 'error',
    });
    // The fetch inside a wrapped call is its child.
    const charge = byName('payments charge');
    expect(spans.some((span) => span.parentId === charge.spanId && span.fields['span.kind'] === 'client')).toBe(true);
  });

  it('says that the flag fell back to its default while the flag service was offline', () => {
    const checkoutServer = spans.find((span) => span.service === 'checkout' && span.fields['span.kind'] === 'server')!;
    const evaluation = checkoutServer.events.find((event) => event.name === 'feature_flag.evaluation');
    expect(evaluation?.fields).toMatchObject({
      'feature_flag.key': 'new-pricing',
      'feature_flag.provider.name': 'flagd',
      'feature_flag.result.reason': 'error',
      'feature_flag.result.value': false,
    });
  });

  it('follows the queued e-mail from producer to worker to mail vendor', () => {
    const produced = byName('send emails');
    const processed = byName('process emails');
    const mailed = byName('mailer send');
    expect([produced.service, processed.service, mailed.service]).toEqual(['checkout', 'worker', 'worker']);
    expect(produced.fields).toMatchObject({ 'messaging.destination.name': 'emails', 'messaging.operation.type': 'send' });
    expect(processed.fields).toMatchObject({ 'messaging.system': 'http-inbox', 'messaging.operation.type': 'process' });
    expect(processed.parentId).toBe(produced.spanId);
    expect(processed.links.map((link) => link.fields['trace.link.span_id'])).toEqual([produced.spanId]);
    expect(mailed.parentId).toBe(processed.spanId);
    expect(mailed.fields).toMatchObject({ 'vendor.outcome': 'ok', 'user.id': 'u-42' });
  });

  it('sends logs too', async () => {
    const query = {
      calculations: [{ op: 'COUNT' }],
      filters: [{ column: 'meta.signal_type', op: '=', value: 'log' }],
      breakdowns: ['body', 'severity', 'deployment.environment.name'],
      time_range: 3600,
    };
    const response = await fetch(`${flashlight.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dataset: 'checkout', query }),
    });
    const result = (await response.json()) as { data: { results: { data: Record<string, unknown> }[] } };
    expect(result.data.results.map((row) => row.data)).toEqual([
      { COUNT: 1, body: 'checkout listening', severity: 'INFO', 'deployment.environment.name': 'test' },
    ]);
  });

  it('tells third parties the trace context but not the fields', () => {
    const charge = vendorHeaders.get('/charge');
    expect(charge?.traceparent).toMatch(new RegExp(`^00-${traceId}-`));
    expect(charge?.baggage).toBeUndefined();
  });

  it('carries the user set once at the edge service to every span downstream', () => {
    for (const span of spans.filter((s) => s.service !== 'shop')) {
      expect(span.fields, `${span.name}`).toMatchObject({ 'user.id': 'u-42', 'app.team': 'growth' });
    }
  });
});
