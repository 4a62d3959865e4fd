// Node closes a keep-alive connection 5 s after its last answer. Under load the event
// loop runs that timer late, after a client has already sent its next request on the
// connection, and the client sees "other side closed" instead of an answer (a 429 with
// Retry-After, say). Idle connections are kept a minute instead, as load balancers do,
// so the race needs a client idle that long; headers must still arrive within the
// header timeout, which Node requires to exceed the keep-alive one.
import type { Server } from 'node:http';

export const KEEP_ALIVE_MS = 65_000;

export function keepConnectionsUnderLoad(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
