// Honeycomb-compatible events API: `POST /1/events/:dataset` (one event) and
// `POST /1/batch/:dataset` (an array, answered with one status per event, in order),
// in JSON or msgpack, uncompressed or gzip / deflate / zstd, as the libhoney clients send.
// What the store warns about (fields past the column limit) reaches the sender as a
// `warning` on each stored item's status, or an `X-Flashlight-Warning` header.
import { Hono } from 'hono';
import { parseHoneycombEvent } from './honeycomb-events.ts';
import { EventTimeWindow } from './event-time-window.ts';
import { commitBatches } from './commit-batches.ts';
import type { WideEvent } from '../events/wide-event.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { reservationFor } from './ingest-budget.ts';
import { decodeEventsBody, encodeEventsAnswer, eventsFormatOf } from './events-body.ts';
import { environmentOf } from '../http/environment.ts';
import { datasetParam } from '../http/dataset-param.ts';
import type { ServerContext } from '../server-context.ts';

export function eventsRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  app.post('/1/events/:dataset', (c) => ctx.ingestBudget.run(reservationFor(c.req.raw, ctx.config.maxBodyBytes), async (hold) => {
    const dataset = datasetParam(c.req.param('dataset'));
    const data = decodeEventsBody(await readBody(c.req.raw, ctx.config.maxBodyBytes, { hold }), eventsFormatOf(c.req.header('content-type')));
    const nowMs = Date.now();
    const parsed = parseHoneycombEvent(data, {
      nowUs: nowMs * 1000,
      window: new EventTimeWindow(nowMs, ctx.config),
      time: c.req.header('x-honeycomb-event-time'),
      sampleRate: c.req.header('x-honeycomb-samplerate'),
    });
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    const committed = await commitBatches(ctx.store, [{ environment: environmentOf(c), dataset, events: [parsed.event] }]);
    const warnings = parsed.warning ? [parsed.warning, ...committed.warnings] : committed.warnings;
    return c.body(null, 200, warnings.length > 0 ? { 'x-flashlight-warning': warnings.join('; ') } : {});
  }));

  app.post('/1/batch/:dataset', (c) => ctx.ingestBudget.run(reservationFor(c.req.raw, ctx.config.maxBodyBytes), async (hold) => {
    const dataset = datasetParam(c.req.param('dataset'));
    const format = eventsFormatOf(c.req.header('content-type'));
    const items = decodeEventsBody(await readBody(c.req.raw, ctx.config.maxBodyBytes, { hold }), format);
    if (!Array.isArray(items)) throw new HttpError(400, `batch body must be a ${format === 'json' ? 'JSON' : 'msgpack'} array of {data, time, samplerate}`);
    const nowMs = Date.now();
    const defaults = { nowUs: nowMs * 1000, window: new EventTimeWindow(nowMs, ctx.config) };
    const statuses: Array<{ status: number; error?: string; warning?: string }> = [];
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
    const { warnings } = await commitBatches(ctx.store, [{ environment: environmentOf(c), dataset, events }]);
    const warning = warnings.join('; ');
    const withWarning = (s: (typeof statuses)[number]) => ({ ...s, warning: [s.warning, warning].filter(Boolean).join('; ') });
    const answer = encodeEventsAnswer(warning ? statuses.map((s) => (s.status === 202 ? withWarning(s) : s)) : statuses, format);
    return c.body(answer.body, 200, { 'content-type': answer.contentType });
  }));

  return app;
}
