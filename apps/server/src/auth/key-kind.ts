// What each kind of API key may do. Routes declare the access class they need; a kind
// grants a set of classes. Anything a kind does not grant is refused with 403.
import type { KeyKind } from '@flashlight/api';
import type { AccessClass } from '../http/routes.ts';

export type { KeyKind };

const GRANTS: Record<KeyKind, ReadonlySet<AccessClass>> = {
  // Browser and service kits hold ingest keys where anyone can read them: ingest only.
  ingest: new Set(['ingest']),
  query: new Set(['read']),
  admin: new Set(['read', 'admin']),
};

export function kindGrants(kind: KeyKind, access: AccessClass): boolean {
  return GRANTS[kind].has(access);
}
