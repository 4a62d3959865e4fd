// The one access decision, whatever the transport: who the presented key is (or the
// open loopback mode), whether its kind may do what the route or call needs, and the
// key's rate limits. HTTP asks it for every route's declared access, gRPC for ingest.
import { HttpError } from '../http/http-error.ts';
import type { RouteAccess } from '../http/routes.ts';
import { kindGrants } from './key-kind.ts';
import type { KeyRing } from './key-ring.ts';
import type { KeyRateLimits } from './key-rate-limits.ts';
import { isOpenMode } from './open-mode.ts';
import { OPEN_PRINCIPAL, type Principal } from './principal.ts';

const ACCESS_WORDS = { ingest: 'send events', read: 'read data', admin: 'change keys or settings' } as const;
const KIND_WORDS = { ingest: 'an ingest', query: 'a query', admin: 'an admin' } as const;

export interface Gatekeeper {
  keys: KeyRing;
  /** The address the server listens on: loopback without keys is the open mode. */
  host: string;
}

/**
 * The principal that `keyText` stands for, when it may have `access`; else a 401 (no key,
 * an unknown or revoked key) or a 403 naming what `request` wanted.
 */
export function authorize(gate: Gatekeeper, keyText: string | null, access: Exclude<RouteAccess, 'public'>, request: string): Principal {
  if (isOpenMode(gate.host, gate.keys)) return OPEN_PRINCIPAL;
  const unauthorized = (message: string) => new HttpError(401, message, { 'www-authenticate': 'Bearer' });
  if (!keyText) throw unauthorized('this server needs an API key: send it in X-Honeycomb-Team or Authorization: Bearer');
  const result = gate.keys.authenticate(keyText);
  if (!result.ok) throw unauthorized(result.reason);
  const { environment, kind, name, id } = result.key;
  if (access !== 'any' && !kindGrants(kind, access)) throw new HttpError(403, `${KIND_WORDS[kind]} key may not ${ACCESS_WORDS[access]} (${request})`);
  return { environment, kind, name, keyId: id };
}

/** Runs `work` charged to the key's rate limits, or refuses it with 429 and Retry-After. */
export async function admitKey<T>(limits: KeyRateLimits, keyId: string | null, work: () => Promise<T>): Promise<T> {
  const admitted = limits.admit(keyId ?? 'open', work);
  if ('retryAfterSeconds' in admitted) {
    throw new HttpError(429, `the API key ${keyId ?? '(open mode)'} is over its rate limit; retry in ${admitted.retryAfterSeconds}s`, {
      'retry-after': String(admitted.retryAfterSeconds),
    });
  }
  return admitted;
}
