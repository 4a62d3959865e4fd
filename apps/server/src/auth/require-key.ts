// The access middleware: looks up the access the matched route declared, authorizes the
// request's API key for it, sets the principal and environment every route reads, and
// applies the key's rate limits. In open loopback mode every request acts in `default`.
import type { MiddlewareHandler } from 'hono';
import type { RouteAccess } from '../http/routes.ts';
import { admitKey, authorize, type Gatekeeper } from './authorize.ts';
import type { KeyRateLimits } from './key-rate-limits.ts';
import { presentedKeyText } from './presented-key.ts';
import { setPrincipal } from './principal.ts';

/** `accessOf`: what the route that answers a method and path declared (see routeLookup). */
export function requireKey(options: Gatekeeper & { limits: KeyRateLimits; accessOf: (method: string, path: string) => RouteAccess }): MiddlewareHandler {
  return async (c, next) => {
    // Browsers send CORS preflights without credentials, by the fetch standard.
    const access = c.req.method === 'OPTIONS' ? 'public' : options.accessOf(c.req.method, c.req.path);
    if (access === 'public') return next();

    const keyText = presentedKeyText((name) => c.req.raw.headers.get(name));
    const principal = authorize(options, keyText, access, `${c.req.method} ${c.req.path}`);
    setPrincipal(c, principal);
    await admitKey(options.limits, principal.keyId, () => next());
  };
}
