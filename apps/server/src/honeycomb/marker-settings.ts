// Honeycomb's marker settings: the colour of each marker type, per dataset (`__all__` for
// the environment): `GET/POST /1/marker_settings/{dataset}`, `PUT/DELETE .../{id}`.
import type { Context } from 'hono';
import { z } from 'zod';
import { auditEntryOf } from '../control/audit-log.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { currentDate, datasetOf, ENVIRONMENT_WIDE, type HoneycombContext } from './honeycomb-context.ts';
import { newHoneycombId, type HoneycombObject } from './honeycomb-objects.ts';
import { honeycombInput } from './honeycomb-input.ts';
import { Routes } from '../http/routes.ts';

export const MarkerSettingInputSchema = z.object({
  type: z.string().min(1).max(64),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #DF4661'),
});
type MarkerSettingInput = z.infer<typeof MarkerSettingInputSchema>;

export const MarkerSettingSchema = MarkerSettingInputSchema.extend({ id: z.string(), created_at: z.string(), updated_at: z.string() });
export type MarkerSetting = z.infer<typeof MarkerSettingSchema>;

const settingView = (o: HoneycombObject<MarkerSettingInput>): MarkerSetting => ({
  id: o.id,
  type: o.body.type,
  color: o.body.color,
  created_at: o.createdAt.toISOString(),
  updated_at: o.updatedAt.toISOString(),
});

/** Colour by marker type for a dataset's markers: the dataset's settings over the environment's. */
export async function markerColors(ctx: HoneycombContext, environment: string, dataset: string): Promise<Map<string, string>> {
  const settings = await ctx.objects.list<MarkerSettingInput>('marker_setting', environment);
  const colors = new Map<string, string>();
  for (const scope of [ENVIRONMENT_WIDE, dataset]) {
    for (const s of settings) if (s.dataset === scope) colors.set(s.body.type, s.body.color);
  }
  return colors;
}

export function markerSettingRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  const found = async (c: Context, dataset: string) => {
    const id = c.req.param('id') ?? '';
    const setting = await ctx.objects.get<MarkerSettingInput>('marker_setting', environmentOf(c), id);
    if (!setting || setting.dataset !== dataset) throw new HttpError(404, `Marker setting not found: ${JSON.stringify(id)}`);
    return setting;
  };

  routes.get('/1/marker_settings/:dataset', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    return c.json((await ctx.objects.list<MarkerSettingInput>('marker_setting', environmentOf(c), dataset)).map(settingView));
  });

  routes.post('/1/marker_settings/:dataset', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const body = await honeycombInput(c, MarkerSettingInputSchema);
    const existing = (await ctx.objects.list<MarkerSettingInput>('marker_setting', environmentOf(c), dataset)).find((s) => s.body.type === body.type);
    if (existing) throw new HttpError(409, `marker type ${JSON.stringify(body.type)} already has a setting (${existing.id}); change it with PUT`);
    const now = currentDate(ctx);
    const setting: HoneycombObject<MarkerSettingInput> = {
      kind: 'marker_setting',
      environment: environmentOf(c),
      id: newHoneycombId(),
      dataset,
      body,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.objects.put(setting, auditEntryOf(c, 'marker_setting.create', `marker_setting:${setting.id}`, body));
    return c.json(settingView(setting), 201);
  });

  routes.put('/1/marker_settings/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const setting = { ...(await found(c, dataset)), body: await honeycombInput(c, MarkerSettingInputSchema), updatedAt: currentDate(ctx) };
    await ctx.objects.put(setting, auditEntryOf(c, 'marker_setting.update', `marker_setting:${setting.id}`, setting.body));
    return c.json(settingView(setting));
  });

  routes.delete('/1/marker_settings/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const setting = await found(c, dataset);
    await ctx.objects.remove('marker_setting', environmentOf(c), setting.id, auditEntryOf(c, 'marker_setting.delete', `marker_setting:${setting.id}`));
    return c.body(null, 204);
  });

  return routes;
}
