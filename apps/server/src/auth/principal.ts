// Who a request acts as: the key it presented, or the open loopback mode. The key
// middleware sets it; routes read it (and the environment) from the context.
import type { Context } from 'hono';
import { DEFAULT_ENVIRONMENT, setEnvironment } from '../http/environment.ts';
import type { KeyKind } from './key-kind.ts';

export interface Principal {
  environment: string;
  /** `open`: no keys exist and the server listens on loopback only. */
  kind: KeyKind | 'open';
  name: string;
  keyId: string | null;
}

export const OPEN_PRINCIPAL: Principal = { environment: DEFAULT_ENVIRONMENT, kind: 'open', name: 'open (loopback, no keys)', keyId: null };

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

export function principalOf(c: Context): Principal {
  return c.get('principal') ?? OPEN_PRINCIPAL;
}

/** The access middleware's: the request acts as `principal`, in its environment. */
export function setPrincipal(c: Context, principal: Principal): void {
  c.set('principal', principal);
  setEnvironment(c, principal.environment);
}

/** How the audit log names the one who acted. */
export function actorOf(principal: Principal): string {
  return principal.keyId ? `key:${principal.keyId} (${principal.name})` : principal.name;
}
