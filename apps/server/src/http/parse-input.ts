// Request input checked against its schema; the first problem answers 400 with a sentence
// that names the field (`threshold.op must be one of ">", ">=", "<", "<="`).
import type { z } from 'zod';
import { issueSentence } from '@flashlight/query';
import { HttpError } from './http-error.ts';

/** The input as the schema reads it, or a 400 whose message names the field at fault. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new HttpError(400, issueSentence(result.error.issues[0], 'the request'));
}
