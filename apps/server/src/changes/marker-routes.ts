// The markers API: `POST /api/v1/markers` (admin) records a deploy, flag or config change
// for a dataset or the whole environment; `GET` lists them by time range and dataset;
// `PUT`/`DELETE /api/v1/markers/:id` change them. Every change goes into the audit log.
// `GET /api/v1/markers/:id/comparison` answers what changed around it.
import type { Context } from 'hono';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/principal.ts';
import type { StoredMarker } from '../control/control-store.ts';
import { auditEntryOf } from '../control/audit-log.ts';
import { MarkerInputSchema, type MarkerInput } from '@flashlight/api';
import { markerOf, newMarkerId } from './marker-view.ts';
import { compareBeforeAfter, DEFAULT_WINDOW_SECONDS } from './before-after.ts';
import { UnknownDatasetError } from '../query/run-query.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { parseInput } from '../http/parse-input.ts';
import { environmentOf } from '../http/environment.ts';
import type { ServerContext } from '../server-context.ts';
import { Routes } from '../http/routes.ts';

const MAX_MARKER_BODY_BYTES = 64 * 1024;

const MarkerListQuerySchema = z.object({
  dataset: z.string().min(1).max(255).optional(),
  start_time: z.coerce.number().nonnegative().optional(),
  end_time: z.coerce.number().nonnegative().optional(),
});

const ComparisonQuerySchema = z.object({
  window: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(DEFAULT_WINDOW_SECONDS),
});

async function markerInput(c: Context): Promise<MarkerInput> {
  return parseInput(MarkerInputSchema, parseJsonBody(await readBody(c.req.raw, MAX_MARKER_BODY_BYTES)));
}

const noMarker = (id: string) => new HttpError(404, `no marker ${JSON.stringify(id)}`);

/** The fields of a stored marker that its input sets, on create and on update alike. */
function inputFields(input: MarkerInput): Pick<StoredMarker, 'dataset' | 'type' | 'message' | 'url' | 'startTime' | 'endTime'> {
  return { dataset: input.dataset, type: input.type, message: input.message, url: input.url, startTime: input.start_time, endTime: input.end_time };
}

export function markerRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();

  const storedMarker = async (c: Context): Promise<StoredMarker> => {
    const id = c.req.param('id') ?? '';
    const marker = (await ctx.control.markers(environmentOf(c), {})).find((m) => m.id === id);
    if (!marker) throw noMarker(id);
    return marker;
  };

  routes.post('/api/v1/markers', 'admin', async (c) => {
    const input = await markerInput(c);
    const id = newMarkerId();
    const marker: StoredMarker = {
      id,
      environment: environmentOf(c),
      ...inputFields(input),
      createdAt: new Date(ctx.clock.now()),
      createdBy: actorOf(principalOf(c)),
      ledgerKey: null,
    };
    await ctx.control.insertMarker(marker, auditEntryOf(c, 'marker.create', `marker:${id}`, input));
    return c.json(markerOf(marker), 201);
  });

  routes.get('/api/v1/markers', 'read', async (c) => {
    const range = parseInput(MarkerListQuerySchema, c.req.query());
    const markers = await ctx.control.markers(environmentOf(c), { dataset: range.dataset, start: range.start_time, end: range.end_time });
    return c.json(markers.map(markerOf));
  });

  routes.put('/api/v1/markers/:id', 'admin', async (c) => {
    const input = await markerInput(c);
    const marker: StoredMarker = { ...(await storedMarker(c)), ...inputFields(input) };
    if (!(await ctx.control.updateMarker(marker, auditEntryOf(c, 'marker.update', `marker:${marker.id}`, input)))) throw noMarker(marker.id);
    return c.json(markerOf(marker));
  });

  routes.delete('/api/v1/markers/:id', 'admin', async (c) => {
    const id = c.req.param('id');
    if (!(await ctx.control.deleteMarker(environmentOf(c), id, auditEntryOf(c, 'marker.delete', `marker:${id}`)))) throw noMarker(id);
    return c.json({ deleted: id });
  });

  routes.get('/api/v1/markers/:id/comparison', { access: 'read', runsQueries: true }, async (c) => {
    const { window } = parseInput(ComparisonQuerySchema, c.req.query());
    const marker = await storedMarker(c);
    try {
      return c.json(await compareBeforeAfter(ctx.store, marker, window, new Date(ctx.clock.now())));
    } catch (error) {
      if (error instanceof UnknownDatasetError) throw new HttpError(404, error.message);
      throw error;
    }
  });

  return routes;
}
