// Honeycomb-compatible events API: `POST /1/events/:dataset` (one event) and
// `POST /1/batch/:dataset` (an array, answered with one status per event, in order),
// in JSON or msgpack, uncompressed or gzip / deflate / zstd, as the libhoney clients send.
// What the store warns about (fields past the column limit) reaches the sender as a
// `warning` on each stored item's status, or an `X-Flashlight-Warning` header.
import { parseHoneycombEvent } from './honeycomb-events.ts';
import type { WideEvent } from '../events/wide-event.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { reservationFor } from './ingest-budget.ts';
import { decodeEventsBody, encodeEventsAnswer, eventsFormatOf } from './events-body.ts';
import { principalOf } from '../auth/principal.ts';
import { datasetParam } from '../http/dataset-param.ts';
import type { ServerContext } from '../server-context.ts';
import { Routes } from '../http/routes.ts';

interface ItemStatus {
  status: number;
  error?: string;
  warning?: string;
}

export function eventsRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();

  routes.post('/1/events/:dataset', 'ingest', async (c) => {
    const dataset = datasetParam(c.req.param('dataset'));
    const { decoded, warnings } = await ctx.ingest.run(principalOf(c), {
      reservation: reservationFor(c.req.raw, ctx.config.maxBodyBytes),
      read: (hold) => readBody(c.req.raw, ctx.config.maxBodyBytes, { hold }),
      decode: (body, environment, window) => {
        const parsed = parseHoneycombEvent(decodeEventsBody(body, eventsFormatOf(c.req.header('content-type'))), {
          nowUs: window.nowUs,
          window,
          time: c.req.header('x-honeycomb-event-time'),
          sampleRate: c.req.header('x-honeycomb-samplerate'),
        });
        if (!parsed.ok) throw new HttpError(400, parsed.error);
        return { batches: [{ environment, dataset, events: [parsed.event] }], warning: parsed.warning };
      },
    });
    const all = decoded.warning ? [decoded.warning, ...warnings] : warnings;
    return c.body(null, 200, all.length > 0 ? { 'x-flashlight-warning': all.join('; ') } : {});
  });

  routes.post('/1/batch/:dataset', 'ingest', async (c) => {
    const dataset = datasetParam(c.req.param('dataset'));
    const format = eventsFormatOf(c.req.header('content-type'));
    const { decoded, warnings } = await ctx.ingest.run(principalOf(c), {
      reservation: reservationFor(c.req.raw, ctx.config.maxBodyBytes),
      read: (hold) => readBody(c.req.raw, ctx.config.maxBodyBytes, { hold }),
      decode: (body, environment, window) => {
        const items = decodeEventsBody(body, format);
        if (!Array.isArray(items)) throw new HttpError(400, `batch body must be a ${format === 'json' ? 'JSON' : 'msgpack'} array of {data, time, samplerate}`);
        const defaults = { nowUs: window.nowUs, window };
        const statuses: ItemStatus[] = [];
        const events: WideEvent[] = [];
        for (const item of items) {
          if (item === null || typeof item !== 'object' || Array.isArray(item)) {
            statuses.push({ status: 400, error: 'batch item must be an object {data, time, samplerate}' });
            continue;
          }
          const { data, time, samplerate } = item as Record<string, unknown>;
          const parsed = parseHoneycombEvent(data, { ...defaults, time, sampleRate: samplerate });
          if (parsed.ok) {
            events.push(parsed.event);
            statuses.push(parsed.warning ? { status: 202, warning: parsed.warning } : { status: 202 });
          } else {
            statuses.push({ status: 400, error: parsed.error });
          }
        }
        return { batches: [{ environment, dataset, events }], statuses };
      },
    });
    const warning = warnings.join('; ');
    const withWarning = (s: ItemStatus) => ({ ...s, warning: [s.warning, warning].filter(Boolean).join('; ') });
    const answer = encodeEventsAnswer(warning ? decoded.statuses.map((s) => (s.status === 202 ? withWarning(s) : s)) : decoded.statuses, format);
    return c.body(answer.body, 200, { 'content-type': answer.contentType });
  });

  return routes;
}
