// Honeycomb's query results: `POST /1/query_results/{dataset}` runs a saved query and
// `GET /1/query_results/{dataset}/{id}` answers it. Honeycomb runs queries in the
// background and clients poll until `complete`; here the query runs within the POST, so
// the first answer is already complete, and polling it answers the same. Results are
// kept for a day.
import type { Context } from 'hono';
import { z } from 'zod';
import { QueryError, type QueryResult } from '@flashlight/query';
import { runQuery, UnknownDatasetError } from '../query/run-query.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { currentDate, datasetOf, type HoneycombContext } from './honeycomb-context.ts';
import { newHoneycombId, type HoneycombObject } from './honeycomb-objects.ts';
import { honeycombInput, publicOrigin } from './honeycomb-input.ts';
import { queryView, savedQuery, specError, type SavedSpec } from './queries.ts';
import { Routes } from '../http/routes.ts';

const KEEP_RESULTS_MS = 24 * 3600 * 1000;

export const QueryResultInputSchema = z.object({
  query_id: z.string().min(1),
  disable_series: z.boolean().default(false),
  /** Honeycomb's totals and "other" rows: never computed here, so turning them off changes nothing. */
  disable_total_by_aggregate: z.boolean().optional(),
  disable_other_by_aggregate: z.boolean().optional(),
  /** At most this many result rows; overrides the query's own `limit`. */
  limit: z.number().int().positive().max(10_000).optional(),
});

export const QueryResultSchema = z.object({
  id: z.string(),
  complete: z.boolean(),
  query: z.record(z.string(), z.unknown()),
  data: z.object({ series: z.array(z.unknown()), results: z.array(z.unknown()) }),
  links: z.object({ query_url: z.string() }),
});
export type HoneycombQueryResult = z.infer<typeof QueryResultSchema>;

interface StoredResult {
  query: Record<string, unknown>;
  data: QueryResult['data'];
}

function resultView(c: Context, result: HoneycombObject<StoredResult>): HoneycombQueryResult {
  // The UI's link carries the spec alone, as its query page takes it.
  const { id: _queryId, ...spec } = result.body.query;
  const search = new URLSearchParams({ dataset: result.dataset, query: JSON.stringify(spec) });
  return { id: result.id, complete: true, query: result.body.query, data: result.body.data, links: { query_url: `${publicOrigin(c)}/?${search}` } };
}

export function queryResultRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();

  routes.post('/1/query_results/:dataset', { access: 'read', runsQueries: true }, async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const input = await honeycombInput(c, QueryResultInputSchema);
    const query = await savedQuery(ctx, c, dataset, input.query_id);
    const spec: SavedSpec = input.limit === undefined ? query.body : { ...query.body, limit: input.limit };
    const now = currentDate(ctx);
    let data: QueryResult['data'];
    try {
      data = (await runQuery(ctx.store, environmentOf(c), dataset, spec, now)).data;
    } catch (error) {
      if (error instanceof QueryError) throw specError(error);
      // A dataset declared through the API, before its first event: nothing matches yet.
      if (error instanceof UnknownDatasetError) data = { series: [], results: [] };
      else throw error;
    }
    if (input.disable_series) data = { ...data, series: [] };
    await ctx.objects.prune('query_result', new Date(now.getTime() - KEEP_RESULTS_MS));
    const result: HoneycombObject<StoredResult> = {
      kind: 'query_result',
      environment: environmentOf(c),
      id: newHoneycombId(),
      dataset,
      body: { query: queryView(query), data },
      createdAt: now,
      updatedAt: now,
    };
    await ctx.objects.put(result);
    return c.json(resultView(c, result), 201);
  });

  routes.get('/1/query_results/:dataset/:id', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const id = c.req.param('id');
    const result = await ctx.objects.get<StoredResult>('query_result', environmentOf(c), id);
    if (!result || result.dataset !== dataset)
      throw new HttpError(404, `Query result not found: no result ${JSON.stringify(id)} on ${JSON.stringify(dataset)} (results are kept for a day)`);
    return c.json(resultView(c, result));
  });

  return routes;
}
