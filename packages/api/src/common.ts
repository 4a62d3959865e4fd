// The pieces every part of the contract shares: field values as they travel in JSON,
// unix-seconds times, and the error body of every 4xx and 5xx.
import { z } from 'zod';
import type { FieldType } from '@flashlight/query';

/**
 * A field's value. An int64 beyond 2^53 is a bigint in the server and is written to JSON
 * with all its digits: a JSON number that `JSON.parse` rounds, and an exact parser keeps.
 */
export const FieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.bigint()]).meta({ id: 'FieldValue' });
export type FieldValue = z.infer<typeof FieldValueSchema>;

export const FieldTypeSchema = z.enum(['string', 'integer', 'float', 'boolean']) satisfies z.ZodType<FieldType>;

export const FieldsSchema = z.record(z.string(), FieldValueSchema);

/** The year 9999's last second: larger numbers are milliseconds sent by mistake. */
export const MAX_UNIX_SECONDS = 253_402_300_799;

/** The body of every error answer: one sentence that names what was wrong. */
export const ApiErrorSchema = z
  .object({
    error: z.string(),
    /** Where in the request body the error is, for a bad query (`calculations[1].column`). */
    path: z.string().optional(),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof ApiErrorSchema>;
