// Errors as Honeycomb's REST API answers them: an RFC 7807 problem detail whose `error`
// and `detail` carry our message, so clients that read either field show what was wrong.
import type { Context } from 'hono';
import { z } from 'zod';
import { httpErrorOf } from '../http/store-refusal.ts';

export const ProblemSchema = z.object({
  status: z.number().int(),
  type: z.string(),
  title: z.string(),
  error: z.string(),
  detail: z.string(),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** Honeycomb's problem types by status; clients may match on the type URI, so it is theirs. */
const PROBLEMS: Record<number, { slug: string; title: string }> = {
  400: { slug: 'bad-request', title: 'The request could not be read.' },
  401: { slug: 'unauthorized', title: 'The API key is missing or unknown.' },
  403: { slug: 'forbidden', title: 'The API key may not do this.' },
  404: { slug: 'not-found', title: 'The requested resource cannot be found.' },
  405: { slug: 'method-not-allowed', title: 'This method is not allowed here.' },
  409: { slug: 'conflict', title: 'The request conflicts with what exists.' },
  413: { slug: 'request-too-large', title: 'The request body is too large.' },
  415: { slug: 'unsupported-media-type', title: 'The request body is of a type this endpoint does not read.' },
  422: { slug: 'validation-failed', title: 'The provided input is invalid.' },
  429: { slug: 'rate-limited', title: 'Too many requests; retry later.' },
  500: { slug: 'internal-server-error', title: 'Something went wrong.' },
  503: { slug: 'service-unavailable', title: 'The server is too busy to answer; retry later.' },
};

export function problemOf(status: number, message: string): Problem {
  const problem = PROBLEMS[status] ?? PROBLEMS[500];
  return { status, type: `https://api.honeycomb.io/problems/${problem.slug}`, title: problem.title, error: message, detail: message };
}

/** The error handler of the Honeycomb routes; what it does not know goes on to the app's (a logged 500). */
export function honeycombErrorHandler(error: Error, c: Context): Response {
  const refusal = httpErrorOf(error);
  if (refusal) return problemResponse(c, refusal.status, refusal.message, refusal.headers);
  throw error;
}

export function problemResponse(c: Context, status: number, message: string, headers: Record<string, string> = {}): Response {
  return c.json(problemOf(status, message), status as 400, { ...headers, 'content-type': 'application/problem+json' });
}
