// Honeycomb's derived columns (calculated fields), `/1/derived_columns/{dataset}` and
// `/1/calculated_fields/{dataset}`: expressions are not supported yet. The paths answer
// what is true: there are none, none by that alias or id, and creating or changing one
// is refused with a 422 that says so.
import { HttpError } from '../http/http-error.ts';
import { datasetOf, type HoneycombContext } from './honeycomb-context.ts';
import { Routes } from '../http/routes.ts';

export const NOT_SUPPORTED = 'derived columns (calculated fields) are not supported yet: expressions cannot be evaluated by this server';

export function derivedColumnRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  for (const base of ['/1/derived_columns', '/1/calculated_fields']) {
    routes.get(`${base}/:dataset`, 'read', async (c) => {
      await datasetOf(ctx, c, { environmentWide: true });
      const alias = c.req.query('alias');
      if (alias !== undefined) throw new HttpError(404, `Derived column not found: no derived column ${JSON.stringify(alias)} (${NOT_SUPPORTED})`);
      return c.json([]);
    });
    routes.get(`${base}/:dataset/:id`, 'read', async (c) => {
      await datasetOf(ctx, c, { environmentWide: true });
      throw new HttpError(404, `Derived column not found: no derived column ${JSON.stringify(c.req.param('id'))} (${NOT_SUPPORTED})`);
    });
    for (const path of [`${base}/:dataset`, `${base}/:dataset/:id`]) {
      routes.on(['POST', 'PUT', 'DELETE'], path, 'admin', () => {
        throw new HttpError(422, NOT_SUPPORTED);
      });
    }
  }
  return routes;
}
