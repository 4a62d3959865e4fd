// Browser ingest from other origins: only origins the admin lists in `corsOrigins` (or
// any origin in open loopback mode). Browser kits use ingest keys, which can only write.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

const ALLOWED_HEADERS = ['content-type', 'content-encoding', 'authorization', 'x-honeycomb-team', 'x-honeycomb-event-time', 'x-honeycomb-samplerate'];

export function ingestCors(options: { origins: readonly string[]; open: () => boolean }): MiddlewareHandler {
  const allowed = new Set(options.origins);
  return cors({
    origin: (origin) => (options.open() || allowed.has('*') || allowed.has(origin) ? origin : null),
    allowMethods: ['POST', 'OPTIONS'],
    allowHeaders: ALLOWED_HEADERS,
    maxAge: 600,
  });
}
