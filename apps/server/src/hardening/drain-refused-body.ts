// An ingest request refused before its body was read (over budget, behind, over a rate
// limit, without a key) still has its upload in flight. Answering at once leaves the
// body to the HTTP adapter, which gives it half a second and then closes the
// connection: under load the client sees a broken pipe instead of the 429 and its
// Retry-After. So the rest of the body is read and dropped first, up to the body limit;
// chunks are discarded as they arrive, costing no memory.
import type { MiddlewareHandler } from 'hono';

export function drainRefusedBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const body = c.req.raw.body;
    if (c.res.status < 400 || !body || body.locked) return;
    // A body declared over the limit is not waited for: the answer (413) goes at once, and
    // the connection closes after it, so the client does not send its next request down a
    // connection that still carries the unread upload.
    if (Number(c.req.header('content-length')) > maxBytes) return void c.res.headers.set('connection', 'close');
    const reader = body.getReader();
    let read = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        read += value.byteLength;
        // Past the limit, stop waiting and answer; the adapter drops the rest.
        if (read > maxBytes) {
          c.res.headers.set('connection', 'close');
          return reader.releaseLock();
        }
      }
    } catch {
      // The client went away; there is no one left to answer.
    }
  };
}
