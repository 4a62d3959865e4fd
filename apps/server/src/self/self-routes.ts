// Operator endpoints: `/readyz` (200 when a write and a read succeed right now, else 503
// with the failing checks) and `/metrics` (Prometheus text). The middleware counts every
// response by status and times query API requests.
import type { MiddlewareHandler } from 'hono';
import type { ServerContext } from '../server-context.ts';
import { probeReadiness } from './readiness-probe.ts';
import { Routes } from '../http/routes.ts';

export function selfRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();
  routes.get('/readyz', 'public', async (c) => {
    const readiness = await probeReadiness(ctx.config.dataDir, ctx.control, ctx.store);
    if (!readiness.ready) ctx.log.warn('not ready', { checks: readiness.checks.filter((check) => !check.ok) });
    return c.json(readiness, readiness.ready ? 200 : 503);
  });
  routes.get('/metrics', 'public', (c) => c.text(ctx.metrics.text(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
  return routes;
}

/** Mounted first, so it sees the final status of every request, errors included. */
export function observeRequests(ctx: ServerContext): MiddlewareHandler {
  const { metrics } = ctx;
  return async (c, next) => {
    const started = performance.now();
    const path = c.req.path;
    if (path.startsWith('/v1/') || path.startsWith('/1/')) {
      const bytes = Number(c.req.header('content-length'));
      if (Number.isFinite(bytes) && bytes > 0) metrics.ingestBytes.inc({ transport: 'http' }, bytes);
    }
    await next();
    metrics.responses.inc({ status: String(c.res.status) });
    if (path.startsWith('/api/v1/query')) metrics.querySeconds.observe((performance.now() - started) / 1000);
  };
}
