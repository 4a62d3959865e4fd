// The HTTP app: ingest (OTLP, events API), the query and schema APIs, and the UI, on one
// port. One error handler maps HttpError and store overload; anything else is a 500
// that is logged with its stack.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HttpError } from './http-error.ts';
import { StoreOverloadedError } from '../store/store.ts';
import { otlpRoutes } from './routes/otlp-routes.ts';
import { eventsRoutes } from './routes/events-routes.ts';
import { schemaRoutes } from './routes/schema-routes.ts';
import { queryRoutes } from './routes/query-routes.ts';
import { serveUi } from './static-ui.ts';
import type { ServerContext } from './server-context.ts';

export function createApp(ctx: ServerContext): Hono {
  const app = new Hono();

  // Browser kits post telemetry from the pages' own origins.
  app.use('/v1/*', cors({ origin: '*', allowHeaders: ['content-type', 'content-encoding', 'x-honeycomb-team', 'authorization'] }));
  app.use('/1/*', cors({ origin: '*', allowHeaders: ['content-type', 'content-encoding', 'x-honeycomb-team', 'x-honeycomb-event-time', 'x-honeycomb-samplerate'] }));

  app.get('/healthz', (c) => c.text('ok'));
  app.route('/', otlpRoutes(ctx));
  app.route('/', eventsRoutes(ctx));
  app.route('/', schemaRoutes(ctx));
  app.route('/', queryRoutes(ctx));

  app.all('/api/*', (c) => c.json({ error: `no API route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.all('/1/*', (c) => c.json({ error: `no route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.all('/v1/*', (c) => c.json({ error: `no OTLP route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.get('*', serveUi);

  app.onError((error, c) => {
    if (error instanceof HttpError) {
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
