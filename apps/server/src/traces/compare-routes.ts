// The trace comparison API: `GET /api/v1/traces/:traceId/compare/:otherTraceId` (two
// traces side by side) and `GET /api/v1/traces/:traceId/peers?window=&limit=` (a trace
// against the most recent traces of the same root name around it).
import { DEFAULT_PEER_WINDOW_SECONDS, MAX_PEERS } from '@flashlight/api';
import { getTrace, MAX_TRACE_ID_LENGTH } from './get-trace.ts';
import { compareTraces } from './compare-traces.ts';
import { comparePeers } from './compare-peers.ts';
import type { Trace } from './trace-tree.ts';
import { HttpError } from '../http/http-error.ts';
import { environmentOf } from '../http/environment.ts';
import type { ServerContext } from '../server-context.ts';
import type { Store } from '../store/store.ts';
import { Routes } from '../http/routes.ts';

/** Peers are looked for at most a week each side. */
const MAX_WINDOW_SECONDS = 7 * 24 * 3600;

async function readTrace(store: Store, environment: string, traceId: string, name: string): Promise<Trace> {
  if (traceId.length > MAX_TRACE_ID_LENGTH) throw new HttpError(400, `${name}: a trace id is at most ${MAX_TRACE_ID_LENGTH} characters`);
  const trace = await getTrace(store, environment, traceId);
  if (!trace) throw new HttpError(404, `no trace ${JSON.stringify(traceId)}`);
  return trace;
}

/** A whole number in [min, max], or the default when absent; a 400 that names it otherwise. */
function wholeParam(name: string, raw: string | undefined, min: number, max: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  return value;
}

export function compareRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();

  routes.get('/api/v1/traces/:traceId/compare/:otherTraceId', { access: 'read', runsQueries: true }, async (c) => {
    const environment = environmentOf(c);
    const [a, b] = await Promise.all([
      readTrace(ctx.store, environment, c.req.param('traceId'), 'traceId'),
      readTrace(ctx.store, environment, c.req.param('otherTraceId'), 'otherTraceId'),
    ]);
    return c.json(compareTraces(a, b));
  });

  routes.get('/api/v1/traces/:traceId/peers', { access: 'read', runsQueries: true }, async (c) => {
    const windowSeconds = wholeParam('window', c.req.query('window'), 1, MAX_WINDOW_SECONDS, DEFAULT_PEER_WINDOW_SECONDS);
    const limit = wholeParam('limit', c.req.query('limit'), 1, MAX_PEERS, MAX_PEERS);
    const environment = environmentOf(c);
    const trace = await readTrace(ctx.store, environment, c.req.param('traceId'), 'traceId');
    return c.json(await comparePeers(ctx.store, environment, trace, { windowSeconds, limit }));
  });

  return routes;
}
