// Exports: `POST /api/v1/query/csv` answers a query (the body of /api/v1/query) as CSV;
// `GET /api/v1/export?dataset=&time_range=|start_time=&end_time=&filters=&filter_combination=`
// streams the matching raw events as NDJSON, oldest first, one `{time, samplerate, data}`
// per line (what /1/batch takes), with the total in `x-flashlight-total-events`.
import { stream } from 'hono/streaming';
import { QueryError } from '@flashlight/query';
import { runQuery, UnknownDatasetError } from '../query/run-query.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { environmentOf } from '../http/environment.ts';
import { timeParams } from '../http/time-params.ts';
import { filtersParam } from '../http/filters-param.ts';
import { datasetParam, MAX_DATASET_NAME_LENGTH } from '../http/dataset-param.ts';
import type { ServerContext } from '../server-context.ts';
import { queryResultCsv } from './result-csv.ts';
import { EXPORT_PAGE_BYTES, exportEvents, type ExportedEvent } from './event-pages.ts';
import { Routes } from '../http/routes.ts';
import { fieldsJson } from '../events/fields-json.ts';

const MAX_QUERY_BODY_BYTES = 1024 * 1024;

export function exportRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();

  routes.post('/api/v1/query/csv', { access: 'read', runsQueries: true }, async (c) => {
    const { dataset, query } = (parseJsonBody(await readBody(c.req.raw, MAX_QUERY_BODY_BYTES)) ?? {}) as { dataset?: unknown; query?: unknown };
    if (typeof dataset !== 'string' || dataset === '' || dataset.length > MAX_DATASET_NAME_LENGTH) {
      throw new HttpError(400, 'dataset: expected the name of a dataset, or "__all__"');
    }
    const result = await answerOrThrow(() => runQuery(ctx.store, environmentOf(c), dataset, query ?? {}, new Date(ctx.clock.now())));
    return c.body(queryResultCsv(result), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="query.csv"` });
  });

  routes.get('/api/v1/export', 'read', async (c) => {
    const dataset = datasetParam(c.req.query('dataset'));
    const spec = exportSpec(c.req.query());
    // A page, twice over: the one being written while the next is read.
    const memory = ctx.memory.reserve(2 * EXPORT_PAGE_BYTES, 'an export');
    try {
      const events = await answerOrThrow(() => exportEvents(ctx.store, environmentOf(c), dataset, spec, new Date(ctx.clock.now())));
      c.header('content-type', 'application/x-ndjson');
      c.header('x-flashlight-total-events', String(events.total));
      return stream(c, async (out) => {
        try {
          for await (const page of events.pages) {
            if (out.aborted) return;
            // One write per page: the client's pace holds the next page back (backpressure).
            await out.write(page.map(ndjsonLine).join(''));
          }
        } finally {
          memory.release();
        }
      });
    } catch (error) {
      memory.release();
      throw error;
    }
  });

  return routes;
}

function ndjsonLine(event: ExportedEvent): string {
  const line = { time: new Date(event.timeUs / 1000).toISOString(), samplerate: event.sampleRate, data: event.fields };
  // An int64 beyond 2^53 is a bigint, printed with all its digits (JSON.stringify throws on one).
  return (Object.values(event.fields).some((value) => typeof value === 'bigint') ? fieldsJson(line) : JSON.stringify(line)) + '\n';
}

/** The query-string form of a spec's filters and time: filters as JSON, times as unix seconds. */
function exportSpec(params: Record<string, string>): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...timeParams(params) };
  const filters = filtersParam(params.filters);
  if (filters !== undefined) spec.filters = filters;
  if (params.filter_combination !== undefined) spec.filter_combination = params.filter_combination;
  return spec;
}

async function answerOrThrow<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueryError) throw new HttpError(400, error.message);
    if (error instanceof UnknownDatasetError) throw new HttpError(404, error.message);
    throw error;
  }
}
