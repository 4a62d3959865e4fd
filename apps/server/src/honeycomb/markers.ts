// Honeycomb's markers API over the native markers: `GET/POST /1/markers/{dataset}`,
// `PUT/DELETE /1/markers/{dataset}/{id}`; `__all__` is the environment-wide dataset. A
// marker's colour is its type's, from the marker settings.
import type { Context } from 'hono';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/principal.ts';
import { auditEntryOf } from '../control/audit-log.ts';
import type { StoredMarker } from '../control/control-store.ts';
import { newMarkerId } from '../changes/marker-view.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { currentDate, datasetOf, ENVIRONMENT_WIDE, type HoneycombContext } from './honeycomb-context.ts';
import { honeycombInput } from './honeycomb-input.ts';
import { markerColors } from './marker-settings.ts';
import { Routes } from '../http/routes.ts';

const UnixSecondsSchema = z.number().int().nonnegative().max(253_402_300_799, 'expected unix seconds (this looks like milliseconds)');

export const MarkerInputSchema = z
  .object({
    message: z.string().max(2000),
    type: z.string().max(64),
    // The UI links to it: only web addresses, never `javascript:` and the like.
    url: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]),
    start_time: UnixSecondsSchema,
    end_time: UnixSecondsSchema.nullable(),
  })
  .partial();
type MarkerInput = z.infer<typeof MarkerInputSchema>;

export const MarkerSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  start_time: z.number(),
  end_time: z.number().optional(),
  message: z.string(),
  type: z.string(),
  url: z.string(),
  color: z.string(),
});
export type Marker = z.infer<typeof MarkerSchema>;

function markerView(marker: StoredMarker, colors: ReadonlyMap<string, string>): Marker {
  return {
    id: marker.id,
    created_at: marker.createdAt.toISOString(),
    // Markers keep when they were made, not when they last changed.
    updated_at: marker.createdAt.toISOString(),
    start_time: marker.startTime,
    ...(marker.endTime === null ? {} : { end_time: marker.endTime }),
    message: marker.message,
    type: marker.type,
    url: marker.url ?? '',
    color: colors.get(marker.type) ?? '',
  };
}

/** The input's fields over a marker's (or over a new one's defaults). */
function withInput(marker: Pick<StoredMarker, 'type' | 'message' | 'url' | 'startTime' | 'endTime'>, input: MarkerInput) {
  const fields = {
    type: input.type ?? marker.type,
    message: input.message ?? marker.message,
    url: input.url === undefined ? marker.url : input.url || null,
    startTime: input.start_time ?? marker.startTime,
    endTime: input.end_time === undefined ? marker.endTime : input.end_time,
  };
  if (fields.endTime !== null && fields.endTime < fields.startTime) throw new HttpError(422, 'end_time: is before start_time');
  return fields;
}

const storedDataset = (dataset: string) => (dataset === ENVIRONMENT_WIDE ? null : dataset);

export function markerRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  const colors = (c: Context, dataset: string) => markerColors(ctx, environmentOf(c), dataset);
  const found = async (c: Context, dataset: string): Promise<StoredMarker> => {
    const id = c.req.param('id') ?? '';
    const marker = (await ctx.control.markers(environmentOf(c), {})).find((m) => m.id === id && m.dataset === storedDataset(dataset));
    if (!marker) throw new HttpError(404, `Marker not found: no marker ${JSON.stringify(id)} in ${JSON.stringify(dataset)}`);
    return marker;
  };

  routes.get('/1/markers/:dataset', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const markers = (await ctx.control.markers(environmentOf(c), {})).filter((m) => m.dataset === storedDataset(dataset));
    const byType = await colors(c, dataset);
    return c.json(markers.map((m) => markerView(m, byType)));
  });

  routes.post('/1/markers/:dataset', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const input = await honeycombInput(c, MarkerInputSchema);
    const defaults = { type: '', message: '', url: null, startTime: Math.floor(ctx.clock.now() / 1000), endTime: null };
    const marker: StoredMarker = {
      id: newMarkerId(),
      environment: environmentOf(c),
      dataset: storedDataset(dataset),
      ...withInput(defaults, input),
      createdAt: currentDate(ctx),
      createdBy: actorOf(principalOf(c)),
      ledgerKey: null,
    };
    await ctx.control.insertMarker(marker, auditEntryOf(c, 'marker.create', `marker:${marker.id}`, input));
    return c.json(markerView(marker, await colors(c, dataset)), 201);
  });

  routes.put('/1/markers/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const existing = await found(c, dataset);
    const input = await honeycombInput(c, MarkerInputSchema);
    const marker: StoredMarker = { ...existing, ...withInput(existing, input) };
    if (!(await ctx.control.updateMarker(marker, auditEntryOf(c, 'marker.update', `marker:${marker.id}`, input))))
      throw new HttpError(404, `Marker not found: ${marker.id}`);
    return c.json(markerView(marker, await colors(c, dataset)));
  });

  // Honeycomb answers a delete with the marker that was deleted.
  routes.delete('/1/markers/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const marker = await found(c, dataset);
    if (!(await ctx.control.deleteMarker(environmentOf(c), marker.id, auditEntryOf(c, 'marker.delete', `marker:${marker.id}`))))
      throw new HttpError(404, `Marker not found: ${marker.id}`);
    return c.json(markerView(marker, await colors(c, dataset)));
  });

  return routes;
}
