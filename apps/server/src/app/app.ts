// The HTTP app: ingest (OTLP, events API), the query and schema APIs, and the UI, on one
// port. It composes the features' routers, whose routes declare the access they need
// (and whether they run queries); the one access middleware enforces those declarations. One error handler maps HttpError
// and the store's refusals (overload, out of memory); anything else is a 500 that is logged with its stack.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono } from 'hono';
import { HttpError } from '../http/http-error.ts';
import { routeLookup, Routes, type DeclaredRoute } from '../http/routes.ts';
import { httpErrorOf } from '../http/store-refusal.ts';
import { otlpErrorResponse, otlpRoutes } from '../ingest/otlp-routes.ts';
import { eventsRoutes } from '../ingest/events-routes.ts';
import { schemaRoutes } from '../query/schema-routes.ts';
import { derivedColumnApiRoutes } from '../derived/derived-column-routes.ts';
import { queryRoutes } from '../query/query-routes.ts';
import { compareRoutes } from '../traces/compare-routes.ts';
import { bubbleUpRoutes } from '../bubbleup/bubbleup-routes.ts';
import { entityRoutes } from '../entity/entity-routes.ts';
import { flowRoutes } from '../flows/flow-routes.ts';
import { markerRoutes } from '../changes/marker-routes.ts';
import { alertRoutes } from '../alerts/alert-routes.ts';
import { findingRoutes } from '../watcher/finding-routes.ts';
import { serveUi } from './static-ui.ts';
import { requireKey } from '../auth/require-key.ts';
import { ingestCors } from '../auth/ingest-cors.ts';
import { isOpenMode } from '../auth/open-mode.ts';
import { keyRoutes } from '../auth/key-routes.ts';
import { auditRoutes } from '../control/audit-log.ts';
import { queryGate } from '../hardening/query-gate.ts';
import { securityHeaders } from '../hardening/security-headers.ts';
import { drainRefusedBody } from '../hardening/drain-refused-body.ts';
import { earlyRefusal } from '../hardening/early-refusal.ts';
import type { ServerContext } from '../server-context.ts';
import { observeRequests, selfRoutes } from '../self/self-routes.ts';
import { exportRoutes } from '../export/export-routes.ts';
import { boardRoutes } from '../boards/board-routes.ts';
import { honeycombRoutes } from '../honeycomb/honeycomb-routes.ts';
import { openApiRoutes } from '../openapi/openapi-routes.ts';
import { problemResponse } from '../honeycomb/honeycomb-error.ts';

/** Every route the server answers, each with the access it declared, in the order Hono matches them. */
export function appRoutes(ctx: ServerContext): Routes {
  return (
    new Routes()
      .get('/healthz', 'public', (c) => c.text('ok'))
      .mount(selfRoutes(ctx))
      .mount(exportRoutes(ctx))
      .mount(boardRoutes(ctx))
      .mount(keyRoutes(ctx.keys, ctx.config.maxApiBodyBytes))
      .mount(auditRoutes(ctx.control))
      .mount(otlpRoutes(ctx))
      .mount(eventsRoutes(ctx))
      .mount(schemaRoutes(ctx))
      .mount(derivedColumnApiRoutes(ctx))
      .mount(queryRoutes(ctx))
      .mount(compareRoutes(ctx))
      .mount(flowRoutes(ctx))
      .mount(bubbleUpRoutes(ctx))
      .mount(entityRoutes(ctx))
      .mount(markerRoutes(ctx))
      .mount(alertRoutes(ctx))
      .mount(findingRoutes(ctx))
      .mount(honeycombRoutes(ctx))
      .mount(openApiRoutes())
      // Unknown paths under the APIs: a 404 in each API's own shape, told only to a valid key.
      .all('/api/*', 'any', (c) => c.json({ error: `no API route ${c.req.method} ${c.req.path}` }, 404))
      .all('/1/*', 'any', (c) => problemResponse(c, 404, `no route ${c.req.method} ${c.req.path}`))
      .all('/v1/*', 'any', (c) => c.json({ error: `no OTLP route ${c.req.method} ${c.req.path}` }, 404))
      // The UI's files: the UI itself signs in with a key for every API call.
      .get('*', 'public', serveUi)
  );
}

/** The app's answer to an HttpError: a google.rpc.Status on OTLP's paths, `{error}` elsewhere. */
function httpErrorResponse(path: string, contentType: string | undefined, error: HttpError): Response {
  if (path.startsWith('/v1/')) return otlpErrorResponse(contentType, error);
  return Response.json({ error: error.message }, { status: error.status, headers: error.headers });
}

export interface App {
  app: Hono;
  routes: readonly DeclaredRoute[];
  /** Put in front of the app: answers ingest requests that would be refused before the app sees them. */
  earlyRefusal: (request: IncomingMessage, response: ServerResponse) => boolean;
}

export function createApp(ctx: ServerContext): App {
  const app = new Hono();
  const { config, keys } = ctx;
  const routes = appRoutes(ctx);
  const routeOf = routeLookup(routes.declared);
  // A path no route declares answers 404; any valid key may learn that, but nobody without one.
  const accessOf = (method: string, path: string) => routeOf(method, path)?.access ?? 'any';

  app.use('*', observeRequests(ctx));
  app.use('*', securityHeaders());
  const drainRefused = drainRefusedBody(config.maxBodyBytes);
  app.use('/v1/*', drainRefused);
  app.use('/1/*', drainRefused);
  // Browser kits post telemetry from the pages' own origins, where the admin allows them:
  // to the routes that ingest keys may call, and no others. A preflight asks for its method.
  const browserIngest = ingestCors({ origins: config.corsOrigins, open: () => isOpenMode(config.host, keys) });
  app.use('*', (c, next) => {
    const method = c.req.method === 'OPTIONS' ? (c.req.header('access-control-request-method') ?? '') : c.req.method;
    return accessOf(method.toUpperCase(), c.req.path) === 'ingest' ? browserIngest(c, next) : next();
  });
  app.use('*', requireKey({ keys, host: config.host, limits: ctx.limits, accessOf }));
  // Routes that declare they run queries share the query gate's concurrency, time and memory limits.
  const queries = queryGate({ maxConcurrent: config.maxConcurrentQueries, timeoutMs: config.queryTimeoutMs, memory: ctx.memory });
  app.use('*', (c, next) => (routeOf(c.req.method, c.req.path)?.runsQueries ? queries(c, next) : next()));

  app.route('/', routes.app);

  app.onError((error, c) => {
    const refusal = httpErrorOf(error);
    if (refusal) {
      // Through the context, so headers middleware set before the error (CORS) stay on it.
      const response = httpErrorResponse(c.req.path, c.req.header('content-type'), refusal);
      return c.newResponse(response.body, response);
    }
    ctx.log.error('request failed', { method: c.req.method, path: c.req.path, error: String(error), stack: (error as Error).stack });
    return c.json({ error: 'internal error; the server log has the details' }, 500);
  });

  const refuseEarly = earlyRefusal({
    isIngest: (method, path) => routeOf(method, path)?.access === 'ingest',
    refusal: (reservation) => ctx.ingest.refusal(reservation),
    maxBodyBytes: config.maxBodyBytes,
    errorResponse: httpErrorResponse,
    answered: (status) => ctx.metrics.responses.inc({ status: String(status) }),
  });
  return { app, routes: routes.declared, earlyRefusal: refuseEarly };
}
