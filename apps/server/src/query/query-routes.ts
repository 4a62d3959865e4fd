// The query API: `POST /api/v1/query` answers a QuerySpec over a dataset (or `__all__`)
// synchronously; `GET /api/v1/traces/:traceId` returns one trace for the waterfall.
import { QueryError } from '@flashlight/query';
import { runQuery, UnknownDatasetError } from './run-query.ts';
import { getTrace, MAX_TRACE_ID_LENGTH, type TraceHint } from '../traces/get-trace.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { environmentOf } from '../http/environment.ts';
import { MAX_DATASET_NAME_LENGTH } from '../http/dataset-param.ts';
import type { ServerContext } from '../server-context.ts';
import { Routes } from '../http/routes.ts';

/** A query body is a spec, not a data upload. */
const MAX_QUERY_BODY_BYTES = 1024 * 1024;

function secondsParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds)) throw new HttpError(400, `${name} must be unix seconds, not ${JSON.stringify(raw)}`);
  return seconds * 1e6;
}

export function queryRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();

  routes.post('/api/v1/query', { access: 'read', runsQueries: true }, async (c) => {
    const body = parseJsonBody(await readBody(c.req.raw, MAX_QUERY_BODY_BYTES));
    const { dataset, query } = (body ?? {}) as { dataset?: unknown; query?: unknown };
    if (typeof dataset !== 'string' || dataset === '' || dataset.length > MAX_DATASET_NAME_LENGTH) {
      throw new HttpError(400, 'dataset: expected the name of a dataset, or "__all__"');
    }
    try {
      return c.json(await runQuery(ctx.store, environmentOf(c), dataset, query ?? {}, new Date(ctx.clock.now())));
    } catch (error) {
      if (error instanceof QueryError) return c.json({ error: error.message, path: error.path }, 400);
      if (error instanceof UnknownDatasetError) throw new HttpError(404, error.message);
      throw error;
    }
  });

  routes.get('/api/v1/traces/:traceId', { access: 'read', runsQueries: true }, async (c) => {
    const traceId = c.req.param('traceId');
    if (traceId.length > MAX_TRACE_ID_LENGTH) throw new HttpError(400, `a trace id is at most ${MAX_TRACE_ID_LENGTH} characters`);
    const hint: TraceHint = { startUs: secondsParam('start', c.req.query('start')), endUs: secondsParam('end', c.req.query('end')) };
    const trace = await getTrace(ctx.store, environmentOf(c), traceId, hint);
    if (!trace) throw new HttpError(404, `no trace ${JSON.stringify(traceId)}`);
    return c.json(trace);
  });

  return routes;
}
