// The environment a request acts in: its key's, set by the access middleware; `default`
// in open loopback mode.
import type { Context } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    environment: string;
  }
}

export const DEFAULT_ENVIRONMENT = 'default';

export function environmentOf(c: Context): string {
  return c.get('environment') ?? DEFAULT_ENVIRONMENT;
}

export function setEnvironment(c: Context, environment: string): void {
  c.set('environment', environment);
}
