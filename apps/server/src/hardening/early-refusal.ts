// Refusing ingest while it is full, from the request line and headers alone. A client
// that ignores Retry-After resends at once, and whatever a refusal costs (the HTTP app's
// middleware, auth, routing, reading the body) is CPU taken from the requests being
// accepted: so before the app sees a request, an ingest POST that admission or the
// budget would refuse is answered here, with the answer the app would give (before auth:
// a refusal for being full tells a caller without a key nothing). Its body is
// never read by JavaScript: Node discards a declared body within the body limit and
// keeps the connection; any other body is not waited for, the connection closing after
// the answer so the client cannot send another body down it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpError } from '../http/http-error.ts';
import { declaredReservation } from '../ingest/ingest-budget.ts';
import { RESPONSE_SECURITY_HEADERS } from './security-headers.ts';

export interface EarlyRefusalParts {
  /** Whether `method path` is an ingest route (a POST that an ingest key may send). */
  isIngest(method: string, path: string): boolean;
  /** The 429 that ingest would answer a request reserving `reservation` bytes now, or null. */
  refusal(reservation: number): HttpError | null;
  maxBodyBytes: number;
  /** The app's answer to `error` for a request to `path` sent as `contentType`. */
  errorResponse(path: string, contentType: string | undefined, error: HttpError): Response;
  /** Counts the answer, as the app counts its own. */
  answered(status: number): void;
}

/** Answers `request` when ingest would refuse it; false (and nothing done) otherwise. */
export function earlyRefusal(parts: EarlyRefusalParts): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    // Browsers' requests go through the app, which answers them with their CORS headers.
    if (request.method !== 'POST' || request.headers.origin !== undefined) return false;
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (!parts.isIngest('POST', path)) return false;
    const { headers } = request;
    const reservation = declaredReservation(headers['content-length'], headers['content-encoding'], parts.maxBodyBytes);
    const refusal = parts.refusal(reservation);
    if (!refusal) return false;
    void answer(parts, path, request, response, refusal);
    return true;
  };
}

async function answer(parts: EarlyRefusalParts, path: string, request: IncomingMessage, response: ServerResponse, refusal: HttpError): Promise<void> {
  const answer = parts.errorResponse(path, request.headers['content-type'], refusal);
  const body = Buffer.from(await answer.arrayBuffer());
  const declared = Number(request.headers['content-length']);
  const discarded = Number.isFinite(declared) && declared <= parts.maxBodyBytes && request.headers['transfer-encoding'] === undefined;
  response.writeHead(answer.status, {
    ...Object.fromEntries(answer.headers),
    ...RESPONSE_SECURITY_HEADERS,
    'content-length': String(body.byteLength),
    ...(discarded ? {} : { connection: 'close' }),
  });
  response.end(body);
  parts.answered(answer.status);
}
