// API keys and identity: what a client sends to make a key, a key as lists show it (never
// its secret), and who a request is (`GET /api/v1/whoami`).
import { z } from 'zod';

export const KEY_KINDS = ['ingest', 'query', 'admin'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** Environment names appear in URLs, logs and the UI: short, printable, no surprises. */
export const EnvironmentNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'an environment name is 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit');

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

export const NewApiKeySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).regex(NO_CONTROL_CHARACTERS, 'a key name has no control characters'),
    kind: z.enum(KEY_KINDS),
    environment: EnvironmentNameSchema,
  })
  .meta({ id: 'NewApiKey' });
export type NewApiKey = z.infer<typeof NewApiKeySchema>;

/** A key as the API shows it: everything but the secret (times as ISO 8601 text). */
export const ApiKeySchema = z
  .object({
    /** Public prefix id, also part of the key text. */
    id: z.string(),
    name: z.string(),
    kind: z.enum(KEY_KINDS),
    environment: z.string(),
    createdAt: z.iso.datetime(),
    /** Who created it, e.g. `key:ab12cd34` or `cli`. */
    createdBy: z.string(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** The answer to making a key: the key and, this once, its text. */
export const CreatedApiKeySchema = ApiKeySchema.extend({ key: z.string(), note: z.string() }).meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;

export const WhoAmISchema = z
  .object({
    environment: z.string(),
    kind: z.enum([...KEY_KINDS, 'open']),
    name: z.string(),
    keyId: z.string().nullable(),
    /** Open mode: a loopback server without keys, where every request may do everything. */
    open: z.boolean(),
  })
  .meta({ id: 'WhoAmI' });
export type WhoAmI = z.infer<typeof WhoAmISchema>;

export const AuditEntrySchema = z.object({
  at: z.iso.datetime(),
  environment: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
