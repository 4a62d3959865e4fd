// What each kind of API key may do. Routes declare the access class they need; a kind
// grants a set of classes. Anything a kind does not grant is refused with 403.
import type { AccessClass } from '../http/routes.ts';

export const KEY_KINDS = ['ingest', 'query', 'admin'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

const GRANTS: Record<KeyKind, ReadonlySet<AccessClass>> = {
  // Browser and service kits hold ingest keys where anyone can read them: ingest only.
  ingest: new Set(['ingest']),
  query: new Set(['read']),
  admin: new Set(['read', 'admin']),
};

export function kindGrants(kind: KeyKind, access: AccessClass): boolean {
  return GRANTS[kind].has(access);
}
