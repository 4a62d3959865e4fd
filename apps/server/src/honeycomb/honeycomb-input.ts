// Request bodies of the Honeycomb API: JSON read within a size limit, checked against the
// resource's schema; a body that does not fit answers 422 naming the field, as Honeycomb does.
import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';

const MAX_BODY_BYTES = 256 * 1024;

export function validInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new HttpError(422, `${issue.path.join('.') || 'body'}: ${issue.message}`);
}

/** The request's JSON body, for resources whose schema depends on what it says. */
export async function honeycombBody(c: Context): Promise<unknown> {
  return parseJsonBody(await readBody(c.req.raw, MAX_BODY_BYTES));
}

export async function honeycombInput<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  return validInput(schema, await honeycombBody(c));
}

/** The URL this server is reached at, for the links Honeycomb's answers carry. */
export function publicOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}
