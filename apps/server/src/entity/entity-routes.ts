// The entity lens API: `GET /api/v1/entity?dataset=&field=&value=` (optionally
// `time_range` or `start_time`/`end_time` in seconds, and `filters` as QuerySpec filters
// in JSON, `near_unique=true` to list near-unique columns) answers one entity's numbers
// against everyone else's, its rank, its latest events and a BubbleUp of it versus the rest.
import { issueSentence, QueryError } from '@flashlight/query';
import { EntityRequestSchema, runEntityLens } from './entity-lens.ts';
import { UnknownDatasetError } from '../query/run-query.ts';
import { HttpError } from '../http/http-error.ts';
import { environmentOf } from '../http/environment.ts';
import { timeParams } from '../http/time-params.ts';
import { filtersParam } from '../http/filters-param.ts';
import type { ServerContext } from '../server-context.ts';
import { Routes } from '../http/routes.ts';

/** `near_unique=true` or `false`; anything else is left for the schema to refuse. */
const nearUniqueParam = (text: string | undefined): unknown => (text === 'true' ? true : text === 'false' ? false : text);

export function entityRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();

  routes.get('/api/v1/entity', { access: 'read', runsQueries: true }, async (c) => {
    const parsed = EntityRequestSchema.safeParse({
      dataset: c.req.query('dataset'),
      field: c.req.query('field'),
      value: c.req.query('value'),
      filters: filtersParam(c.req.query('filters')) ?? [],
      near_unique: nearUniqueParam(c.req.query('near_unique')),
      ...timeParams(c.req.query()),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json({ error: issueSentence(issue, 'the request'), path: issue.path.map(String).join('.') }, 400);
    }
    try {
      return c.json(await runEntityLens(ctx.store, environmentOf(c), parsed.data, new Date(ctx.clock.now())));
    } catch (error) {
      if (error instanceof QueryError) return c.json({ error: error.message, path: error.path }, 400);
      if (error instanceof UnknownDatasetError) throw new HttpError(404, error.message);
      throw error;
    }
  });

  return routes;
}
