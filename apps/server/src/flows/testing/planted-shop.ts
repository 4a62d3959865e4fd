// A small shop's traces made by the real OpenTelemetry SDK and exported over OTLP to a
// Flashlight server: a browser, three services, a queue, a healthy and a flaky vendor, and
// one of each way trace context breaks. The counts below are what the flow APIs must find.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';

export const CHECKOUTS = 12;
export const FULFILMENT_CALLS = 60;
/** Fulfilment calls k in [OUTAGE_FROM, OUTAGE_TO) fail: the first half time out, the rest error; all fall back. */
export const OUTAGE_FROM = 20;
export const OUTAGE_TO = 30;
export const GEO_CALLS = 3;
export const TAX_QUOTES = 2;
export const UNPROPAGATED_BROWSER_CALLS = 2;
export const SHOP_HOST = 'shop.test';
export const SESSION_ID = 'session-7';

export interface PlantedShop {
  /** Unix ms of the first checkout; every span lies within 2 minutes after it. */
  t0: number;
  /** One example trace per planted break. */
  orphanTrace: string;
  lostQueueTrace: string;
  droppedServiceTrace: string;
}

/** The user of checkout i. */
export const userOf = (i: number) => `user-${i % 3}`;

type Tracer = ReturnType<BasicTracerProvider['getTracer']>;

/** Tracers of named services exporting over OTLP to a server, a span maker, and their flush. */
function otlpSpans(serverUrl: string) {
  const providers: BasicTracerProvider[] = [];
  const tracerOf = (name: string, attributes: Attributes = {}) => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': name, ...attributes }),
      // A first export that creates a dataset on a two-shard cluster beside CPU hogs can take
      // longer than the exporter's default 10 s: the budgets only bound a hang.
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${serverUrl}/v1/traces`, timeoutMillis: 60_000 }), {
          maxExportBatchSize: 256,
          exportTimeoutMillis: 60_000,
        }),
      ],
    });
    providers.push(provider);
    return provider.getTracer(name);
  };
  const span = (
    tracer: Tracer,
    name: string,
    kind: SpanKind,
    startMs: number,
    endMs: number,
    options: { parent?: Span | Context; attributes?: Attributes; links?: Link[]; error?: boolean } = {},
  ): Span => {
    const parent = options.parent === undefined ? ROOT_CONTEXT : 'spanContext' in options.parent ? trace.setSpan(ROOT_CONTEXT, options.parent) : options.parent;
    const s = tracer.startSpan(name, { kind, startTime: startMs, attributes: options.attributes, links: options.links }, parent);
    if (options.error) s.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
    s.end(endMs);
    return s;
  };
  const flush = async () => {
    await Promise.all(providers.map((p) => p.forceFlush()));
    await Promise.all(providers.map((p) => p.shutdown()));
  };
  return { tracerOf, span, flush };
}

export const SHARED_HOST_CALLS = 3;

/**
 * Two services on one machine (127.0.0.1, ports 7001 and 7002), each serving a request, and
 * a third calling the second by address with a context that never arrived: the port says
 * which of the two it reached. All within a minute after t0.
 */
export async function sendSharedHostCalls(serverUrl: string, t0: number): Promise<void> {
  const { tracerOf, span, flush } = otlpSpans(serverUrl);
  const [catalog, reviews, frontend] = ['catalog', 'reviews', 'frontend'].map((name) => tracerOf(name));
  span(catalog, 'GET /products', SpanKind.SERVER, t0, t0 + 10, { attributes: { 'server.address': '127.0.0.1', 'server.port': 7001 } });
  span(reviews, 'GET /ratings', SpanKind.SERVER, t0 + 20, t0 + 30, { attributes: { 'server.address': '127.0.0.1', 'server.port': 7002 } });
  for (let i = 0; i < SHARED_HOST_CALLS; i++) {
    const page = span(frontend, 'GET /page', SpanKind.SERVER, t0 + 100 * i, t0 + 100 * i + 50, { attributes: { 'server.address': 'frontend.test' } });
    span(frontend, 'GET', SpanKind.CLIENT, t0 + 100 * i + 5, t0 + 100 * i + 45, {
      parent: page,
      attributes: { 'server.address': '127.0.0.1', 'server.port': 7002, 'url.full': 'http://127.0.0.1:7002/ratings?ids=1' },
    });
  }
  await flush();
}

/**
 * A healthy trace still arriving at `at`: web's server span has ended and is exported, the
 * browser's request that is its parent not yet. Returns its trace id.
 */
export async function sendArrivingTrace(serverUrl: string, at: number): Promise<string> {
  const { tracerOf, span, flush } = otlpSpans(serverUrl);
  const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'c3'.repeat(16), spanId: 'd4'.repeat(8), traceFlags: 1 });
  const handler = span(tracerOf('web'), 'GET /api/cart', SpanKind.SERVER, at, at + 30, { parent, attributes: { 'server.address': SHOP_HOST } });
  await flush();
  return handler.spanContext().traceId;
}

/** How the calls of the demo's fulfilment outage end, in order: as wrap() records them. */
export const FULFILMENT_OUTAGE = [
  ...Array<'ok'>(4).fill('ok'),
  // The vendor slows down: the deadline passes and the fallback answers.
  ...Array<'timeout'>(3).fill('timeout'),
  // It fails outright (503).
  ...Array<'error'>(2).fill('error'),
  // The circuit opens: calls are skipped and answered by the fallback, with no error status.
  ...Array<'circuit_open'>(5).fill('circuit_open'),
  ...Array<'ok'>(2).fill('ok'),
] as const;

/**
 * The demo's fulfilment outage as wrap() traces it: orders' handler books a shipment through
 * wrap('fulfilment', ...) with a fallback, each attempt an HTTP client span under the wrapped
 * one; failures end as `vendor.outcome` fallback with `vendor.fallback_reason`. One call a
 * second from t0, in traces of their own.
 */
export async function sendFulfilmentOutage(serverUrl: string, t0: number): Promise<void> {
  const { tracerOf, span, flush } = otlpSpans(serverUrl);
  const orders = tracerOf('orders');
  for (const [k, ending] of FULFILMENT_OUTAGE.entries()) {
    const at = t0 + k * 1000;
    const handler = span(orders, 'POST /orders', SpanKind.SERVER, at, at + 200, { attributes: { 'server.address': 'orders.test' } });
    const fallback = ending !== 'ok';
    const booked = span(orders, 'fulfilment book_shipment', SpanKind.CLIENT, at + 10, at + 10 + (ending === 'timeout' ? 150 : 30), {
      parent: handler,
      attributes: {
        'vendor.name': 'fulfilment',
        'vendor.operation': 'book_shipment',
        'peer.service': 'fulfilment',
        'vendor.attempts': 1,
        'vendor.outcome': fallback ? 'fallback' : 'ok',
        ...(fallback && { 'vendor.fallback': true, 'vendor.fallback_reason': ending }),
      },
      // wrap() leaves the status alone when an open circuit skipped the call.
      error: fallback && ending !== 'circuit_open',
    });
    if (ending === 'circuit_open') continue;
    span(orders, 'POST', SpanKind.CLIENT, at + 11, at + 9 + (ending === 'timeout' ? 150 : 30), {
      parent: booked,
      attributes: {
        'server.address': '127.0.0.1',
        'server.port': 4405,
        'url.full': 'http://127.0.0.1:4405/shipments',
        ...(ending === 'error' && { 'http.response.status_code': 503 }),
      },
      error: ending === 'error',
    });
  }
  await flush();
}

export async function sendPlantedShop(serverUrl: string, t0: number): Promise<PlantedShop> {
  const { tracerOf, span, flush } = otlpSpans(serverUrl);
  const storefront = tracerOf('storefront', { 'telemetry.sdk.name': 'flashlight-browser', 'telemetry.sdk.language': 'webjs', 'session.id': SESSION_ID });
  const web = tracerOf('web');
  const orders = tracerOf('orders');
  const mailer = tracerOf('mailer');

  // Checkouts: browser → web → orders → payments (wrapped) and the receipts queue → mailer.
  for (let i = 0; i < CHECKOUTS; i++) {
    const at = t0 + i * 1000;
    const click = span(storefront, 'click #checkout', SpanKind.INTERNAL, at, at + 400);
    const post = span(storefront, 'POST /api/checkout', SpanKind.CLIENT, at + 5, at + 390, {
      parent: click,
      attributes: { 'server.address': SHOP_HOST, 'url.full': `https://${SHOP_HOST}/api/checkout` },
    });
    const handler = span(web, 'POST /api/checkout', SpanKind.SERVER, at + 10, at + 10 + 300, {
      parent: post,
      attributes: { 'server.address': SHOP_HOST, 'user.id': userOf(i) },
      error: i === 0,
    });
    if (i < GEO_CALLS) {
      span(web, 'GET /geo', SpanKind.CLIENT, at + 12, at + 20, {
        parent: handler,
        attributes: { 'server.address': 'maps.example.com', 'url.full': 'https://maps.example.com/geo?q=1' },
      });
    }
    const call = span(web, 'POST /orders', SpanKind.CLIENT, at + 20, at + 280, { parent: handler, attributes: { 'peer.service': 'orders' } });
    const order = span(orders, 'POST /orders', SpanKind.SERVER, at + 25, at + 25 + 100 + i, { parent: call });
    const charge = span(orders, 'payments charge', SpanKind.CLIENT, at + 30, at + 30 + 50, {
      parent: order,
      attributes: { 'vendor.name': 'payments', 'vendor.operation': 'charge', 'vendor.outcome': 'ok', 'peer.service': 'payments' },
    });
    // wrap()'s HTTP request inside the call, to the vendor's local address: part of the payments call, not a peer of its own.
    span(orders, 'POST', SpanKind.CLIENT, at + 31, at + 79, {
      parent: charge,
      attributes: { 'server.address': '127.0.0.1', 'url.full': 'http://127.0.0.1:4400/charges' },
    });
    const send = span(orders, 'send receipts', SpanKind.PRODUCER, at + 90, at + 92, {
      parent: order,
      attributes: { 'messaging.destination.name': 'receipts', 'messaging.operation.type': 'send' },
    });
    span(mailer, 'process receipts', SpanKind.CONSUMER, at + 500, at + 520, {
      attributes: { 'messaging.destination.name': 'receipts', 'messaging.operation.type': 'process' },
      links: [{ context: send.spanContext() }],
    });
  }

  // Fulfilment, the flaky vendor: one shipment a second, ten of them failing in a row.
  for (let k = 0; k < FULFILMENT_CALLS; k++) {
    const at = t0 + k * 1000 + 200;
    const ship = span(orders, 'ship order', SpanKind.INTERNAL, at, at + 300, { attributes: { 'user.id': `shipper-${k % 4}` } });
    const failing = k >= OUTAGE_FROM && k < OUTAGE_TO;
    const timedOut = failing && k < (OUTAGE_FROM + OUTAGE_TO) / 2;
    span(orders, 'fulfilment ship', SpanKind.CLIENT, at + 1, at + 1 + (timedOut ? 200 : failing ? 5 : 40), {
      parent: ship,
      attributes: {
        'vendor.name': 'fulfilment',
        'vendor.operation': 'ship',
        'peer.service': 'fulfilment',
        'vendor.outcome': failing ? 'fallback' : 'ok',
        ...(failing && { 'vendor.fallback': true, 'vendor.fallback_reason': timedOut ? 'timeout' : 'error' }),
      },
      error: failing,
    });
  }

  // Planted breaks. A parent that never arrives:
  const ghost = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a1'.repeat(16), spanId: 'b2'.repeat(8), traceFlags: 1 });
  const orphan = span(orders, 'POST /refunds', SpanKind.SERVER, t0 + 3000, t0 + 3040, { parent: ghost });
  // Browser requests sent without traceparent (CORS): web starts traces of its own.
  for (let j = 0; j < UNPROPAGATED_BROWSER_CALLS; j++) {
    const at = t0 + 40_000 + j * 1000;
    span(storefront, 'GET /api/recommendations', SpanKind.CLIENT, at, at + 80, {
      attributes: { 'server.address': SHOP_HOST, 'url.full': `https://${SHOP_HOST}/api/recommendations` },
    });
    span(web, 'GET /api/recommendations', SpanKind.SERVER, at + 5, at + 70, { attributes: { 'server.address': SHOP_HOST } });
  }
  // web calls orders without injecting context: orders starts a new trace.
  const lonely = span(web, 'POST /orders', SpanKind.CLIENT, t0 + 50_000, t0 + 50_200, { attributes: { 'peer.service': 'orders' } });
  span(orders, 'POST /orders', SpanKind.SERVER, t0 + 50_010, t0 + 50_150);
  // An uninstrumented internal service, known only by name.
  for (let j = 0; j < TAX_QUOTES; j++) {
    const job = span(orders, 'quote taxes', SpanKind.INTERNAL, t0 + 60_000 + j * 1000, t0 + 60_100 + j * 1000);
    span(orders, 'tax quote', SpanKind.CLIENT, t0 + 60_010 + j * 1000, t0 + 60_090 + j * 1000, { parent: job, attributes: { 'peer.service': 'legacy-tax' } });
  }
  // A message consumed without its context.
  const lost = span(mailer, 'process receipts', SpanKind.CONSUMER, t0 + 70_000, t0 + 70_030, {
    attributes: { 'messaging.destination.name': 'receipts', 'messaging.operation.type': 'process' },
  });

  await flush();
  return {
    t0,
    orphanTrace: orphan.spanContext().traceId,
    lostQueueTrace: lost.spanContext().traceId,
    droppedServiceTrace: lonely.spanContext().traceId,
  };
}
