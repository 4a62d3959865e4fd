// Headers that keep hostile telemetry inert in browsers: no response is sniffed into
// another type, and the UI's page may run only its own scripts, so even a value that
// slipped into the page as markup could not execute. Inline styles stay allowed: the UI
// sets style attributes.
import type { MiddlewareHandler } from 'hono';

export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** On every answer. */
export const RESPONSE_SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(RESPONSE_SECURITY_HEADERS)) c.res.headers.set(name, value);
    if ((c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
      c.res.headers.set('content-security-policy', UI_CONTENT_SECURITY_POLICY);
      c.res.headers.set('x-frame-options', 'DENY');
    }
  };
}
