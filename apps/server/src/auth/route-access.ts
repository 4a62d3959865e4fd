// Which access class a request needs, by method and path (the path Hono routes on).
// Unknown API routes that change something need an admin key: new write APIs are safe
// by default, and a new read API sent by POST is added to READ_POSTS.
import type { AccessClass } from './key-kind.ts';
import { honeycombAccess } from '../honeycomb/honeycomb-access.ts';

/** `public`: no key needed; `any`: any valid key, whatever its kind. */
export type RouteAccess = AccessClass | 'public' | 'any';

/** POST routes that only read: a query spec travels in the body. */
const READ_POSTS = /^\/api\/v1\/(query|bubbleup|traces|service-map)(\/|$)/;
const ADMIN_ONLY = /^\/api\/v1\/(keys|audit)(\/|$)/;

export function routeAccess(method: string, path: string): RouteAccess {
  if (method === 'OPTIONS') return 'public';
  if (path === '/healthz') return 'public';
  if (path.startsWith('/v1/')) return 'write';
  if (path.startsWith('/1/')) return honeycombAccess(method, path);
  if (path === '/api/v1/whoami') return 'any';
  if (ADMIN_ONLY.test(path)) return 'admin';
  if (path.startsWith('/api/')) {
    if (method === 'GET' || method === 'HEAD') return 'read';
    return READ_POSTS.test(path) && method === 'POST' ? 'read' : 'admin';
  }
  // The UI's files: the UI itself signs in with a key for every API call.
  return 'public';
}
