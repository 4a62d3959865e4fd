// What each kind of API key may do. Requests fall into access classes by route; a kind
// grants a set of classes. Anything a kind does not grant is refused with 403.
import type { KeyKind } from '@flashlight/api';

export type { KeyKind };

/** `write`: send events; `read`: queries and schema; `admin`: change the control plane. */
export type AccessClass = 'write' | 'read' | 'admin';

const GRANTS: Record<KeyKind, ReadonlySet<AccessClass>> = {
  // Browser and service kits hold ingest keys where anyone can read them: write only.
  ingest: new Set(['write']),
  query: new Set(['read']),
  admin: new Set(['read', 'admin']),
};

export function kindGrants(kind: KeyKind, access: AccessClass): boolean {
  return GRANTS[kind].has(access);
}
