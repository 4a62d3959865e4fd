// Request input checked against its schema; the first problem answers 400 with its path.
import type { z } from 'zod';
import { HttpError } from './http-error.ts';

/** The input as the schema reads it, or a 400 `bad <path>: <problem>` (`bad body` for the whole body). */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new HttpError(400, `bad ${issue.path.join('.') || 'body'}: ${issue.message}`);
}
