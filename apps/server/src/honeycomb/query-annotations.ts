// Honeycomb's query annotations: a name and description for a saved query, which boards
// show as the panel's title. `GET/POST /1/query_annotations/{dataset}`, `GET/PUT/DELETE
// /1/query_annotations/{dataset}/{id}`.
import type { Context } from 'hono';
import { z } from 'zod';
import { auditEntryOf } from '../control/audit-log.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { currentDate, datasetOf, type HoneycombContext } from './honeycomb-context.ts';
import { newHoneycombId, type HoneycombObject } from './honeycomb-objects.ts';
import { honeycombInput } from './honeycomb-input.ts';
import { savedQuery } from './queries.ts';
import { Routes } from '../http/routes.ts';

export const QueryAnnotationInputSchema = z.object({
  name: z.string().trim().min(1).max(320),
  description: z.string().max(1023).default(''),
  query_id: z.string().min(1),
});
export type QueryAnnotationInput = z.infer<typeof QueryAnnotationInputSchema>;

export const QueryAnnotationSchema = QueryAnnotationInputSchema.extend({ id: z.string(), created_at: z.string(), updated_at: z.string() });
export type QueryAnnotation = z.infer<typeof QueryAnnotationSchema>;

const annotationView = (o: HoneycombObject<QueryAnnotationInput>): QueryAnnotation => ({
  id: o.id,
  ...o.body,
  created_at: o.createdAt.toISOString(),
  updated_at: o.updatedAt.toISOString(),
});

export function queryAnnotationRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  const found = async (c: Context, dataset: string) => {
    const id = c.req.param('id') ?? '';
    const annotation = await ctx.objects.get<QueryAnnotationInput>('query_annotation', environmentOf(c), id);
    if (!annotation || annotation.dataset !== dataset)
      throw new HttpError(404, `Query annotation not found: ${JSON.stringify(id)} on ${JSON.stringify(dataset)}`);
    return annotation;
  };
  const input = async (c: Context, dataset: string) => {
    const body = await honeycombInput(c, QueryAnnotationInputSchema);
    await savedQuery(ctx, c, dataset, body.query_id);
    return body;
  };

  routes.get('/1/query_annotations/:dataset', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    return c.json((await ctx.objects.list<QueryAnnotationInput>('query_annotation', environmentOf(c), dataset)).map(annotationView));
  });

  routes.get('/1/query_annotations/:dataset/:id', 'read', async (c) =>
    c.json(annotationView(await found(c, await datasetOf(ctx, c, { environmentWide: true })))),
  );

  routes.post('/1/query_annotations/:dataset', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const now = currentDate(ctx);
    const annotation: HoneycombObject<QueryAnnotationInput> = {
      kind: 'query_annotation',
      environment: environmentOf(c),
      id: newHoneycombId(),
      dataset,
      body: await input(c, dataset),
      createdAt: now,
      updatedAt: now,
    };
    await ctx.objects.put(annotation, auditEntryOf(c, 'query_annotation.create', `query_annotation:${annotation.id}`, annotation.body));
    return c.json(annotationView(annotation), 201);
  });

  routes.put('/1/query_annotations/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const annotation = { ...(await found(c, dataset)), body: await input(c, dataset), updatedAt: currentDate(ctx) };
    await ctx.objects.put(annotation, auditEntryOf(c, 'query_annotation.update', `query_annotation:${annotation.id}`, annotation.body));
    return c.json(annotationView(annotation));
  });

  routes.delete('/1/query_annotations/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const annotation = await found(c, dataset);
    await ctx.objects.remove(
      'query_annotation',
      environmentOf(c),
      annotation.id,
      auditEntryOf(c, 'query_annotation.delete', `query_annotation:${annotation.id}`),
    );
    return c.body(null, 204);
  });

  return routes;
}
