// Honeycomb's datasets API: `GET /1/datasets`, `GET/PUT /1/datasets/{slug}`, `POST
// /1/datasets`. A dataset exists once events arrive; one created here is declared (with
// its description) until then. Its slug is its name: paths take the name, URL-encoded.
import type { Context } from 'hono';
import { z } from 'zod';
import { auditEntryOf } from '../control/audit-log.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { datasetParam } from '../http/dataset-param.ts';
import { currentDate, datasetOf, knownDatasets, type HoneycombContext, type KnownDataset } from './honeycomb-context.ts';
import { honeycombInput } from './honeycomb-input.ts';
import { Routes } from '../http/routes.ts';

export const DatasetInputSchema = z.object({
  name: z.string().trim().min(1).max(255),
  description: z.string().max(1024).default(''),
  /** Nested JSON objects are not expanded into columns here: only 0 is true. */
  expand_json_depth: z.literal(0, 'expanding JSON into columns is not supported; send 0').default(0),
});
export const DatasetUpdateSchema = DatasetInputSchema.omit({ name: true }).extend({
  settings: z.object({ delete_protected: z.boolean().optional() }).optional(),
});

export const DatasetSchema = z.object({
  name: z.string(),
  description: z.string(),
  settings: z.object({ delete_protected: z.boolean() }),
  expand_json_depth: z.number(),
  slug: z.string(),
  regular_columns_count: z.number(),
  last_written_at: z.string().nullable(),
  created_at: z.string(),
});
export type Dataset = z.infer<typeof DatasetSchema>;

async function datasetView(ctx: HoneycombContext, environment: string, d: KnownDataset): Promise<Dataset> {
  const columns = d.hasEvents ? (await ctx.store.columns(environment, d.name)).length : 0;
  return {
    name: d.name,
    description: d.description,
    // Datasets cannot be deleted through the API at all.
    settings: { delete_protected: true },
    expand_json_depth: 0,
    slug: d.name,
    regular_columns_count: columns,
    last_written_at: d.lastWrittenAt?.toISOString() ?? null,
    created_at: d.createdAt.toISOString(),
  };
}

export function datasetRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  const find = async (c: Context, name: string) => (await knownDatasets(ctx, environmentOf(c))).find((d) => d.name === name);
  const declare = (c: Context, name: string, description: string, createdAt: Date, action: string) =>
    ctx.objects.put(
      { kind: 'dataset', environment: environmentOf(c), id: name, dataset: name, body: { description }, createdAt, updatedAt: currentDate(ctx) },
      auditEntryOf(c, action, `dataset:${name}`, { description }),
    );

  routes.get('/1/datasets', 'read', async (c) => {
    const environment = environmentOf(c);
    return c.json(await Promise.all((await knownDatasets(ctx, environment)).map((d) => datasetView(ctx, environment, d))));
  });

  routes.get('/1/datasets/:dataset', 'read', async (c) => {
    const dataset = (await find(c, await datasetOf(ctx, c)))!;
    return c.json(await datasetView(ctx, environmentOf(c), dataset));
  });

  // Creating one that exists answers it as it is, with 200, as Honeycomb does.
  routes.post('/1/datasets', 'ingest', async (c) => {
    const input = await honeycombInput(c, DatasetInputSchema);
    const name = datasetParam(input.name);
    const existing = await find(c, name);
    if (existing) return c.json(await datasetView(ctx, environmentOf(c), existing), 200);
    await declare(c, name, input.description, currentDate(ctx), 'dataset.create');
    return c.json(await datasetView(ctx, environmentOf(c), (await find(c, name))!), 201);
  });

  routes.put('/1/datasets/:dataset', 'admin', async (c) => {
    const name = await datasetOf(ctx, c);
    const input = await honeycombInput(c, DatasetUpdateSchema);
    if (input.settings?.delete_protected === false)
      throw new HttpError(422, 'settings.delete_protected: datasets cannot be deleted through this API, so they stay protected');
    const existing = (await find(c, name))!;
    await declare(c, name, input.description, existing.createdAt, 'dataset.update');
    return c.json(await datasetView(ctx, environmentOf(c), (await find(c, name))!));
  });

  routes.delete('/1/datasets/:dataset', 'admin', async (c) => {
    await datasetOf(ctx, c);
    throw new HttpError(409, 'datasets cannot be deleted through this API; retention removes old events');
  });

  return routes;
}
