// Refusing ingest while it is full, from the request line and headers alone. A client
// that ignores Retry-After resends at once, and whatever a refusal costs (the HTTP app's
// middleware, auth, routing, reading the body) is CPU taken from the requests being
// accepted: so before the app sees a request, an ingest POST that admission or the
// budget would refuse is answered here, with the answer the app would give (before auth:
// a refusal for being full tells a caller without a key nothing), encoded once for all
// the refusals alike. Its body is never read by JavaScript: Node discards a declared body
// within the body limit and keeps the connection; any other body is not waited for, the
// connection closing after the answer so the client cannot send another body down it.
// Measured with a flood of 5.7 kB gzip bodies: about 65 µs of server CPU per refusal,
// against 470 µs when the app refused them. However cheap, a refusal answered at once
// lets a client that ignores Retry-After resend in a tight loop, thousands of times a
// second on an idle machine; so the answer waits REFUSAL_PACE_MS first, on a timer that
// costs no CPU, which bounds such a client to ten refusals a second per connection
// (the body waits unread meanwhile, in the socket's buffers).
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

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Answers made before, by refusal and content type: a flood gets the same few, encoded once. */
const ANSWERS_KEPT = 32;

/** How long a refused request waits for its answer; a polite client waits a second more (Retry-After). */
export const REFUSAL_PACE_MS = 100;

/** Answers `request` when ingest would refuse it; false (and nothing done) otherwise. */
export function earlyRefusal(parts: EarlyRefusalParts): (request: IncomingMessage, response: ServerResponse) => boolean {
  const answers = new Map<string, Promise<Answer>>();
  const answerFor = (path: string, contentType: string | undefined, refusal: HttpError): Promise<Answer> => {
    const key = `${path.startsWith('/v1/')} ${contentType} ${refusal.status} ${refusal.message}`;
    let answer = answers.get(key);
    if (!answer) {
      if (answers.size >= ANSWERS_KEPT) answers.clear();
      const response = parts.errorResponse(path, contentType, refusal);
      answer = response.arrayBuffer().then((body) => ({
        status: response.status,
        headers: { ...Object.fromEntries(response.headers), ...RESPONSE_SECURITY_HEADERS, 'content-length': String(body.byteLength) },
        body: Buffer.from(body),
      }));
      answers.set(key, answer);
    }
    return answer;
  };

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
    // A body declared within the limit is discarded by Node once the answer is sent, and
    // the connection kept; one of undeclared size is not waited for.
    const declared = Number(headers['content-length']);
    const discarded = Number.isFinite(declared) && declared <= parts.maxBodyBytes && headers['transfer-encoding'] === undefined;
    const answer = answerFor(path, headers['content-type'], refusal);
    setTimeout(() => {
      void answer.then(({ status, headers: answerHeaders, body }) => {
        response.writeHead(status, discarded ? answerHeaders : { ...answerHeaders, connection: 'close' });
        response.end(body);
        parts.answered(status);
      });
    }, REFUSAL_PACE_MS);
    return true;
  };
}
