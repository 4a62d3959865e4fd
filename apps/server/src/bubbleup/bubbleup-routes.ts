// The BubbleUp API: `POST /api/v1/bubbleup` with `{dataset, query, selection}` answers
// the columns that best tell the selection apart from the rest of the query's events;
// `near_unique: true` lists near-unique columns (trace ids, timestamps, pids) too.
import { QueryError } from '@flashlight/query';
import { runBubbleUp } from './run-bubbleup.ts';
import { UnknownDatasetError } from '../query/run-query.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { environmentOf } from '../http/environment.ts';
import type { ServerContext } from '../server-context.ts';
import { Routes } from '../http/routes.ts';

/** A BubbleUp body is a query and a selection, not a data upload. */
const MAX_BUBBLEUP_BODY_BYTES = 1024 * 1024;

export function bubbleUpRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();

  routes.post('/api/v1/bubbleup', { access: 'read', runsQueries: true }, async (c) => {
    const body = parseJsonBody(await readBody(c.req.raw, MAX_BUBBLEUP_BODY_BYTES));
    const { dataset, query, selection, near_unique } = (body ?? {}) as { dataset?: unknown; query?: unknown; selection?: unknown; near_unique?: unknown };
    if (typeof dataset !== 'string' || dataset === '') throw new HttpError(400, 'dataset: expected the name of a dataset, or "__all__"');
    if (near_unique !== undefined && typeof near_unique !== 'boolean') throw new HttpError(400, 'near_unique: expected true or false');
    try {
      return c.json(
        await runBubbleUp(ctx.store, environmentOf(c), dataset, query ?? {}, selection ?? {}, {
          nearUnique: near_unique === true,
          now: new Date(ctx.clock.now()),
        }),
      );
    } catch (error) {
      if (error instanceof QueryError) return c.json({ error: error.message, path: error.path }, 400);
      if (error instanceof UnknownDatasetError) throw new HttpError(404, error.message);
      throw error;
    }
  });

  return routes;
}
