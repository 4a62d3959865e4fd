// The HTTP app: ingest (OTLP, events API), the query and schema APIs, and the UI, on one
// port. One error handler maps HttpError and store overload; anything else is a 500
// that is logged with its stack.
import { Hono } from 'hono';
import { HttpError } from './http-error.ts';
import { StoreOverloadedError } from '../store/store.ts';
import { otlpErrorResponse, otlpRoutes } from './routes/otlp-routes.ts';
import { eventsRoutes } from './routes/events-routes.ts';
import { schemaRoutes } from './routes/schema-routes.ts';
import { queryRoutes } from './routes/query-routes.ts';
import { bubbleUpRoutes } from './routes/bubbleup-routes.ts';
import { entityRoutes } from './routes/entity-routes.ts';
import { flowRoutes } from './routes/flow-routes.ts';
import { markerRoutes } from './routes/marker-routes.ts';
import { alertRoutes } from './routes/alert-routes.ts';
import { serveUi } from './static-ui.ts';
import { requireKey } from '../auth/require-key.ts';
import { ingestCors } from '../auth/ingest-cors.ts';
import { isOpenMode } from '../auth/open-mode.ts';
import { KeyRateLimits } from '../auth/key-rate-limits.ts';
import { meteredStore } from '../auth/metered-store.ts';
import { keyRoutes } from '../auth/key-routes.ts';
import { auditRoutes } from '../control/audit-log.ts';
import { queryGate } from '../hardening/query-gate.ts';
import { ingestAdmission } from '../hardening/ingest-admission.ts';
import { watchEventLoopLag } from '../hardening/event-loop-lag.ts';
import { securityHeaders } from '../hardening/security-headers.ts';
import { drainRefusedBody } from '../hardening/drain-refused-body.ts';
import type { ServerContext } from './server-context.ts';
import { observeRequests, selfRoutes } from '../self/self-routes.ts';
import { exportRoutes } from '../export/export-routes.ts';
import { boardRoutes } from '../boards/board-routes.ts';
import { honeycombRoutes } from '../honeycomb/honeycomb-routes.ts';
import { openApiRoutes } from '../openapi/openapi-routes.ts';
import { problemResponse } from '../honeycomb/honeycomb-error.ts';

export function createApp(serverCtx: ServerContext): Hono {
  const app = new Hono();
  const { config, keys } = serverCtx;
  const limits = new KeyRateLimits({ requestsPerSecond: config.keyRequestsPerSecond, eventsPerSecond: config.keyEventsPerSecond });
  // Routes see a store that charges appended events to the sending key's rate limit.
  const ctx: ServerContext = { ...serverCtx, store: meteredStore(serverCtx.store, limits) };

  app.use('*', observeRequests(ctx));
  app.use('*', securityHeaders());
  // Browser kits post telemetry from the pages' own origins, where the admin allows them.
  const browserIngest = ingestCors({ origins: config.corsOrigins, open: () => isOpenMode(config.host, keys) });
  const drainRefused = drainRefusedBody(config.maxBodyBytes);
  app.use('/v1/*', drainRefused);
  app.use('/1/*', drainRefused);
  // The events API is ingest; the rest of /1/ is Honeycomb's REST API, which neither browsers nor the ingest queue serve.
  const honeycombIngest = ['/1/events/*', '/1/batch/*'];
  app.use('/v1/*', browserIngest);
  for (const path of honeycombIngest) app.use(path, browserIngest);
  app.use('*', requireKey({ keys, host: config.host, limits }));
  const ingestQueue = ingestAdmission({ maxWaitMs: config.maxIngestWaitMs, maxLoopLagMs: config.maxEventLoopLagMs, loopLag: watchEventLoopLag() });
  app.use('/v1/*', ingestQueue);
  for (const path of honeycombIngest) app.use(path, ingestQueue);
  const queries = queryGate({ maxConcurrent: config.maxConcurrentQueries, timeoutMs: config.queryTimeoutMs, memory: ctx.memory });
  app.use('/api/v1/query', queries);
  app.use('/api/v1/query/csv', queries);
  app.use('/api/v1/traces/*', queries);
  for (const flow of ['/api/v1/service-map', '/api/v1/vendors', '/api/v1/gaps']) app.use(flow, queries);
  app.use('/api/v1/bubbleup', queries);
  app.use('/api/v1/entity', queries);
  app.use('/api/v1/markers/:id/comparison', queries);
  app.use('/api/v1/slos/:id/status', queries);
  app.use('/1/query_results/:dataset', queries);

  app.get('/healthz', (c) => c.text('ok'));
  app.route('/', selfRoutes(ctx));
  app.route('/', exportRoutes(ctx));
  app.route('/', boardRoutes(ctx));
  app.route('/', keyRoutes(keys, config.maxApiBodyBytes));
  app.route('/', auditRoutes(ctx.control));
  app.route('/', otlpRoutes(ctx));
  app.route('/', eventsRoutes(ctx));
  app.route('/', schemaRoutes(ctx));
  app.route('/', queryRoutes(ctx));
  app.route('/', flowRoutes(ctx));
  app.route('/', bubbleUpRoutes(ctx));
  app.route('/', entityRoutes(ctx));
  app.route('/', markerRoutes(ctx));
  app.route('/', alertRoutes(ctx));
  app.route('/', honeycombRoutes(ctx));
  app.route('/', openApiRoutes());

  app.all('/api/*', (c) => c.json({ error: `no API route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.all('/1/*', (c) => problemResponse(c, 404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.all('/v1/*', (c) => c.json({ error: `no OTLP route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.get('*', serveUi);

  app.onError((error, c) => {
    if (error instanceof HttpError) {
      if (c.req.path.startsWith('/v1/')) return otlpErrorResponse(c.req.header('content-type'), error);
      return c.json({ error: error.message }, error.status, error.headers);
    }
    if (error instanceof StoreOverloadedError) {
      return c.json({ error: error.message }, 429, { 'retry-after': String(error.retryAfterSeconds) });
    }
    ctx.log.error('request failed', { method: c.req.method, path: c.req.path, error: String(error), stack: (error as Error).stack });
    return c.json({ error: 'internal error; the server log has the details' }, 500);
  });

  return app;
}
