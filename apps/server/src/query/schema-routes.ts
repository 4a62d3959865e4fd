// The schema as the store knows it: datasets of the environment and each one's columns.
import { HttpError } from '../http/http-error.ts';
import { environmentOf } from '../http/environment.ts';
import type { ServerContext } from '../server-context.ts';
import { Routes } from '../http/routes.ts';
import { derivedColumnsAsColumns } from '../derived/derived-column-list.ts';

export function schemaRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();

  routes.get('/api/v1/datasets', 'read', async (c) => c.json(await ctx.store.datasets(environmentOf(c))));

  routes.get('/api/v1/datasets/:dataset/columns', 'read', async (c) => {
    const environment = environmentOf(c);
    const dataset = c.req.param('dataset');
    const known = await ctx.store.datasets(environment);
    if (!known.some((d) => d.name === dataset)) throw new HttpError(404, `no dataset "${dataset}"`);
    return c.json([...(await ctx.store.columns(environment, dataset)), ...(await derivedColumnsAsColumns(ctx, environment, dataset))]);
  });

  return routes;
}
