// Honeycomb's derived columns (calculated fields), `/1/derived_columns/{dataset}` and
// `/1/calculated_fields/{dataset}`: list (or one by `?alias=`), get, create, update,
// delete; `__all__` holds the environment-wide ones. Expressions are checked when saved.
import { HttpError } from '../http/http-error.ts';
import { environmentOf } from '../http/environment.ts';
import { datasetOf, type HoneycombContext } from './honeycomb-context.ts';
import { honeycombInput } from './honeycomb-input.ts';
import { Routes } from '../http/routes.ts';
import { DerivedColumnInputSchema } from '@flashlight/api';
import { deleteDerivedColumn, derivedColumnOf, derivedColumnView, saveDerivedColumn } from '../derived/derived-column-edits.ts';

export function derivedColumnRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  for (const base of ['/1/derived_columns', '/1/calculated_fields']) {
    routes.get(`${base}/:dataset`, 'read', async (c) => {
      const dataset = await datasetOf(ctx, c, { environmentWide: true });
      const columns = (await ctx.derivedColumns.list(environmentOf(c))).filter((d) => d.dataset === dataset);
      const alias = c.req.query('alias');
      if (alias === undefined) return c.json(columns.map(derivedColumnView));
      const found = columns.find((d) => d.alias === alias);
      if (!found) throw new HttpError(404, `Derived column not found: no derived column ${JSON.stringify(alias)}`);
      return c.json(derivedColumnView(found));
    });
    routes.get(`${base}/:dataset/:id`, 'read', async (c) => {
      const dataset = await datasetOf(ctx, c, { environmentWide: true });
      return c.json(derivedColumnView(await derivedColumnOf(ctx, environmentOf(c), dataset, c.req.param('id'))));
    });
    routes.post(`${base}/:dataset`, 'admin', async (c) => {
      const dataset = await datasetOf(ctx, c, { environmentWide: true });
      const input = await honeycombInput(c, DerivedColumnInputSchema);
      return c.json(derivedColumnView(await saveDerivedColumn(ctx, c, environmentOf(c), dataset, input)), 201);
    });
    routes.put(`${base}/:dataset/:id`, 'admin', async (c) => {
      const dataset = await datasetOf(ctx, c, { environmentWide: true });
      const existing = await derivedColumnOf(ctx, environmentOf(c), dataset, c.req.param('id'));
      const input = await honeycombInput(c, DerivedColumnInputSchema);
      return c.json(derivedColumnView(await saveDerivedColumn(ctx, c, environmentOf(c), dataset, input, existing)));
    });
    routes.delete(`${base}/:dataset/:id`, 'admin', async (c) => {
      const dataset = await datasetOf(ctx, c, { environmentWide: true });
      await deleteDerivedColumn(ctx, c, environmentOf(c), await derivedColumnOf(ctx, environmentOf(c), dataset, c.req.param('id')));
      return c.body(null, 204);
    });
  }
  return routes;
}
