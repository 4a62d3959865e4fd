// The native API of saved derived columns: `/api/v1/datasets/{dataset}/derived-columns`
// (list, create) and `.../{id}` (change, delete); `__all__` holds the environment-wide ones.
import { environmentOf } from '../http/environment.ts';
import { parseInput } from '../http/parse-input.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { datasetParam } from '../http/dataset-param.ts';
import { Routes } from '../http/routes.ts';
import { DerivedColumnInputSchema } from '@flashlight/api';
import type { ServerContext } from '../server-context.ts';
import { EVERY_DATASET } from './derived-column-store.ts';
import { deleteDerivedColumn, derivedColumnOf, derivedColumnView, saveDerivedColumn } from './derived-column-edits.ts';

const MAX_BODY_BYTES = 64 * 1024;
const PATH = '/api/v1/datasets/:dataset/derived-columns';

export function derivedColumnApiRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();
  const datasetOf = (raw: string) => (raw === EVERY_DATASET ? EVERY_DATASET : datasetParam(raw));
  const inputOf = async (request: Request) => parseInput(DerivedColumnInputSchema, parseJsonBody(await readBody(request, MAX_BODY_BYTES)));

  routes.get(PATH, 'read', async (c) => {
    const dataset = datasetOf(c.req.param('dataset'));
    const columns = await ctx.derivedColumns.list(environmentOf(c), dataset === EVERY_DATASET ? undefined : [dataset]);
    return c.json(columns.filter((d) => dataset !== EVERY_DATASET || d.dataset === EVERY_DATASET).map(derivedColumnView));
  });
  routes.post(PATH, 'admin', async (c) => {
    const column = await saveDerivedColumn(ctx, c, environmentOf(c), datasetOf(c.req.param('dataset')), await inputOf(c.req.raw));
    return c.json(derivedColumnView(column), 201);
  });
  routes.put(`${PATH}/:id`, 'admin', async (c) => {
    const [environment, dataset] = [environmentOf(c), datasetOf(c.req.param('dataset'))];
    const existing = await derivedColumnOf(ctx, environment, dataset, c.req.param('id'));
    return c.json(derivedColumnView(await saveDerivedColumn(ctx, c, environment, dataset, await inputOf(c.req.raw), existing)));
  });
  routes.delete(`${PATH}/:id`, 'admin', async (c) => {
    const [environment, dataset] = [environmentOf(c), datasetOf(c.req.param('dataset'))];
    await deleteDerivedColumn(ctx, c, environment, await derivedColumnOf(ctx, environment, dataset, c.req.param('id')));
    return c.json({ deleted: c.req.param('id') });
  });
  return routes;
}
