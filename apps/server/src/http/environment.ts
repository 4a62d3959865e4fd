// The environment a request acts in. Until API keys exist every request acts in
// `default`; the key middleware will set it from the key.
import type { Context } from 'hono';

export const DEFAULT_ENVIRONMENT = 'default';

export function environmentOf(c: Context): string {
  return (c.get('environment' as never) as string | undefined) ?? DEFAULT_ENVIRONMENT;
}
