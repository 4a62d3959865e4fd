// The store's errors a client can act on, as the HTTP answers they become: a full write
// queue is 429, a query past the engine's memory 503; both say when to retry. The app's
// error handlers (app.ts, the Honeycomb routes') ask here, so each engine's failures
// answer alike on every route.
import { HttpError } from './http-error.ts';
import { EngineOutOfMemoryError, StoreOverloadedError } from '../store/store.ts';

/** Seconds before a query that ran out of memory may find the engine's memory free of others. */
const OUT_OF_MEMORY_RETRY_SECONDS = 5;

/** `error` as an HttpError when it is one or the store's refusal; undefined for anything else (a 500). */
export function httpErrorOf(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof StoreOverloadedError) return new HttpError(429, error.message, { 'retry-after': String(error.retryAfterSeconds) });
  if (error instanceof EngineOutOfMemoryError) return new HttpError(503, error.message, { 'retry-after': String(OUT_OF_MEMORY_RETRY_SECONDS) });
  return undefined;
}
