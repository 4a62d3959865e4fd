// Which access class each Honeycomb REST route needs, so that a key may do here exactly
// what it may do through the native API: sending events and creating datasets is
// ingest's; reading, running queries and saving query specs is a query key's; changing
// markers, columns, boards, triggers and SLOs is an admin's.
import type { RouteAccess } from '../auth/route-access.ts';

/** POST routes that only read: a query spec is saved (it changes no data) or run. */
const READ_POSTS = /^\/1\/(queries|query_results)\//;
const INGEST = /^\/1\/(events|batch)\//;

export function honeycombAccess(method: string, path: string): RouteAccess {
  // Honeycomb clients check their key here, whatever its kind.
  if (path === '/1/auth') return 'any';
  if (INGEST.test(path)) return 'write';
  // Honeycomb's "create datasets" belongs to ingest keys: sending events creates them anyway.
  if (method === 'POST' && (path === '/1/datasets' || path === '/1/datasets/')) return 'write';
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (method === 'POST' && READ_POSTS.test(path)) return 'read';
  return 'admin';
}
