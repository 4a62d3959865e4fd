// Bounds what queries may take from the machine: at most `maxConcurrent` run at once
// (more are refused with 503 + Retry-After, not queued), each holding its share of the
// memory limit while it runs (its result, and BubbleUp's, flows' and the entity lens'
// working sets), and a query that outlives `timeoutMs` is answered with 503. Its slot
// and memory stay taken until it really ends, so slow queries cannot pile up behind a
// timeout and starve ingest.
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../http/http-error.ts';
import type { MemoryBudget } from './memory-budget.ts';

/** The share of the reservable memory one running query holds. */
export const QUERY_MEMORY_SHARE = 1 / 8;

export function queryGate(options: { maxConcurrent: number; timeoutMs: number; memory: MemoryBudget }): MiddlewareHandler {
  let running = 0;
  const bytesPerQuery = Math.floor(options.memory.reservableBytes * QUERY_MEMORY_SHARE);
  return async (_c, next) => {
    if (running >= options.maxConcurrent) {
      throw new HttpError(503, `${running} queries are running, the most this server runs at once; retry shortly`, { 'retry-after': '1' });
    }
    const memory = options.memory.reserve(bytesPerQuery, 'another query');
    running++;
    const work = next().finally(() => {
      running--;
      memory.release();
    });
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
