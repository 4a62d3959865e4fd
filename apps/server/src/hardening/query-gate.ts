// Bounds what queries may take from the machine: at most `maxConcurrent` run at once
// (more are refused with 503 + Retry-After, not queued), and a query that outlives
// `timeoutMs` is answered with 503. Its slot stays taken until it really ends, so slow
// queries cannot pile up behind a timeout and starve ingest.
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../http/http-error.ts';

export function queryGate(options: { maxConcurrent: number; timeoutMs: number }): MiddlewareHandler {
  let running = 0;
  return async (_c, next) => {
    if (running >= options.maxConcurrent) {
      throw new HttpError(503, `${running} queries are running, the most this server runs at once; retry shortly`, { 'retry-after': '1' });
    }
    running++;
    const work = next().finally(() => running--);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new HttpError(503, `the query ran longer than ${options.timeoutMs / 1000}s; narrow its time range or filters`, { 'retry-after': '5' })),
        options.timeoutMs,
      );
    });
    // The answer is gone once timed out; a late failure must not become an unhandled rejection.
    work.catch(() => undefined);
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
