// The shop's API for the browser tests, on its own origin: answers CORS preflights, joins
// the caller's trace from `traceparent` with the official OpenTelemetry SDK, and exports its
// server spans to Flashlight as OTLP protobuf.
import { defaultTextMapGetter, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { listen, type Listening } from './listen.ts';

export interface BackendRequest {
  url: string;
  traceparent?: string;
  tracestate?: string;
}

export interface ShopBackend extends Listening {
  /** Every request that reached the API (preflights aside), in order. */
  requests: BackendRequest[];
  provider: BasicTracerProvider;
}

/** The catalog has two pages of products, later pages are empty; checkout is down. */
function answer(route: string, page: number): [number, object] {
  if (route === '/api/products') {
    return [200, { items: page <= 2 ? Array.from({ length: 10 }, (_, i) => `product ${(page - 1) * 10 + i + 1}`) : [] }];
  }
  if (route === '/api/checkout') return [503, { error: 'payments vendor unavailable' }];
  return [200, { reviews: ['great', 'fine'] }];
}

export async function startShopBackend(flashlightUrl: string): Promise<ShopBackend> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop-api' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${flashlightUrl}/v1/traces` }))],
  });
  const tracer = provider.getTracer('shop-api');
  const propagator = new W3CTraceContextPropagator();
  const requests: BackendRequest[] = [];
  const listening = await listen((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-headers': 'traceparent, tracestate, content-type', 'access-control-allow-methods': 'GET, POST' }).end();
      return;
    }
    const header = (name: string) => req.headers[name] as string | undefined;
    requests.push({ url: req.url ?? '', traceparent: header('traceparent'), tracestate: header('tracestate') });
    const requestUrl = new URL(req.url ?? '/', 'http://backend');
    const route = requestUrl.pathname.startsWith('/api/products/') ? '/api/products/:id/reviews' : requestUrl.pathname;
    const span = tracer.startSpan(
      `${req.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'http.route': route } },
      propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter),
    );
    const [status, body] = answer(route, Number(requestUrl.searchParams.get('page') ?? 0));
    span.setAttribute('http.response.status_code', status);
    span.end();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return { ...listening, requests, provider };
}
