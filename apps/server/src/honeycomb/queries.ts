// Honeycomb's query specs: `POST /1/queries/{dataset}` checks a QuerySpec against the
// dataset and keeps it under an id; `GET /1/queries/{dataset}/{id}` answers it. Running it
// is `/1/query_results`. `__all__` queries every dataset of the environment.
import type { Context } from 'hono';
import { ALL_DATASETS, QueryError, QuerySpecSchema, validateQuery } from '@flashlight/query';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { currentDate, datasetOf, ENVIRONMENT_WIDE, type HoneycombContext } from './honeycomb-context.ts';
import { newHoneycombId, type HoneycombObject } from './honeycomb-objects.ts';
import { validInput } from './honeycomb-input.ts';
import { Routes } from '../http/routes.ts';

const MAX_QUERY_BODY_BYTES = 1024 * 1024;

export type SavedSpec = Record<string, unknown>;

/** A query as Honeycomb answers it: the spec as sent, with its id. */
export const queryView = (query: HoneycombObject<SavedSpec>) => ({ id: query.id, ...query.body });

/** The spec's first problem as a 422 naming where it is, as the native API names it. */
export function specError(error: QueryError): HttpError {
  return new HttpError(422, error.path ? `${error.path}: ${error.message}` : error.message);
}

/** Checks the spec against the dataset's fields (or, before any event, its shape alone). */
export async function checkSpec(ctx: HoneycombContext, environment: string, dataset: string, spec: unknown): Promise<void> {
  const target = await ctx.store.target(environment, dataset === ENVIRONMENT_WIDE ? ALL_DATASETS : [dataset]);
  try {
    // Before any event there are no fields to check names against.
    // Relational fields (root.name) read fields of every dataset of the environment.
    const traces = target && target.tables.length > 0 ? await ctx.store.target(environment, ALL_DATASETS) : null;
    if (target && target.tables.length > 0) validateQuery(spec, traces ? { ...target, traces } : target, { dataset, now: currentDate(ctx) });
    else validInput(QuerySpecSchema, spec);
  } catch (error) {
    if (error instanceof QueryError) throw specError(error);
    throw error;
  }
}

/** The saved query of the route's `:id` (or the body's `query_id`) on this dataset, or a 404. */
export async function savedQuery(ctx: HoneycombContext, c: Context, dataset: string, id: string): Promise<HoneycombObject<SavedSpec>> {
  const query = await ctx.objects.get<SavedSpec>('query', environmentOf(c), id);
  if (!query || query.dataset !== dataset) throw new HttpError(404, `Query not found: no query ${JSON.stringify(id)} on ${JSON.stringify(dataset)}`);
  return query;
}

/** Keeps the spec under a new id; the caller has checked it. */
export async function saveQuery(ctx: HoneycombContext, environment: string, dataset: string, body: SavedSpec): Promise<HoneycombObject<SavedSpec>> {
  const now = currentDate(ctx);
  const query: HoneycombObject<SavedSpec> = { kind: 'query', environment, id: newHoneycombId(), dataset, body, createdAt: now, updatedAt: now };
  await ctx.objects.put(query);
  return query;
}

export function queryRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();

  routes.post('/1/queries/:dataset', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const spec = parseJsonBody(await readBody(c.req.raw, MAX_QUERY_BODY_BYTES));
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new HttpError(422, 'body: expected a query specification object');
    // A spec copied from an earlier answer carries that query's id, which is not part of the spec.
    const { id: _previousId, ...body } = spec as SavedSpec;
    await checkSpec(ctx, environmentOf(c), dataset, body);
    return c.json(queryView(await saveQuery(ctx, environmentOf(c), dataset, body)), 200);
  });

  routes.get('/1/queries/:dataset/:id', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    return c.json(queryView(await savedQuery(ctx, c, dataset, c.req.param('id'))));
  });

  return routes;
}
