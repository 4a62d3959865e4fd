// The key middleware: finds the request's API key, checks that its kind may use the
// route, sets the environment and principal every route reads, and applies the key's
// rate limits. In open loopback mode every request acts in `default`.
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../http/http-error.ts';
import { kindGrants } from './key-kind.ts';
import type { KeyRing } from './key-ring.ts';
import type { KeyRateLimits } from './key-rate-limits.ts';
import { isOpenMode } from './open-mode.ts';
import { OPEN_PRINCIPAL, type Principal } from './principal.ts';
import { presentedKeyText } from './presented-key.ts';
import { routeAccess } from './route-access.ts';

const ACCESS_WORDS = { write: 'send events', read: 'read data', admin: 'change keys or settings' } as const;
const KIND_WORDS = { ingest: 'an ingest', query: 'a query', admin: 'an admin' } as const;

export function requireKey(options: { keys: KeyRing; host: string; limits: KeyRateLimits }): MiddlewareHandler {
  return async (c, next) => {
    const access = routeAccess(c.req.method, c.req.path);
    if (access === 'public') return next();

    const principal = isOpenMode(options.host, options.keys) ? OPEN_PRINCIPAL : authenticate(options.keys, presentedKeyText((name) => c.req.raw.headers.get(name)));
    if (principal.kind !== 'open' && access !== 'any' && !kindGrants(principal.kind, access)) {
      throw new HttpError(403, `${KIND_WORDS[principal.kind]} key may not ${ACCESS_WORDS[access]} (${c.req.method} ${c.req.path})`);
    }
    c.set('principal' as never, principal as never);
    c.set('environment' as never, principal.environment as never);

    const admitted = options.limits.admit(principal.keyId ?? 'open', () => next());
    if ('retryAfterSeconds' in admitted) {
      throw new HttpError(429, `the API key ${principal.keyId ?? '(open mode)'} is over its rate limit; retry in ${admitted.retryAfterSeconds}s`, {
        'retry-after': String(admitted.retryAfterSeconds),
      });
    }
    await admitted;
  };
}

function authenticate(keys: KeyRing, text: string | null): Principal {
  const unauthorized = (message: string) => new HttpError(401, message, { 'www-authenticate': 'Bearer' });
  if (!text) throw unauthorized('this server needs an API key: send it in X-Honeycomb-Team or Authorization: Bearer');
  const result = keys.authenticate(text);
  if (!result.ok) throw unauthorized(result.reason);
  const { environment, kind, name, id } = result.key;
  return { environment, kind, name, keyId: id };
}
