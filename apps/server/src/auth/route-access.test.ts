import { describe, expect, it } from 'vitest';
import { routeAccess } from './route-access.ts';

describe('routeAccess', () => {
  it.each([
    ['GET', '/healthz', 'public'],
    ['GET', '/', 'public'],
    ['GET', '/assets/app.js', 'public'],
    ['OPTIONS', '/v1/traces', 'public'],
    ['POST', '/v1/traces', 'write'],
    ['POST', '/v1/logs', 'write'],
    ['POST', '/1/events/orders', 'write'],
    ['POST', '/1/batch/orders', 'write'],
    ['GET', '/api/v1/whoami', 'any'],
    ['GET', '/1/auth', 'any'],
    // The Honeycomb REST API: as its native counterparts.
    ['POST', '/1/datasets', 'write'],
    ['GET', '/1/datasets', 'read'],
    ['GET', '/1/columns/orders', 'read'],
    ['POST', '/1/columns/orders', 'admin'],
    ['POST', '/1/queries/orders', 'read'],
    ['POST', '/1/query_results/orders', 'read'],
    ['GET', '/1/query_results/orders/abc', 'read'],
    ['POST', '/1/markers/orders', 'admin'],
    ['DELETE', '/1/markers/orders/abc', 'admin'],
    ['PUT', '/1/triggers/orders/abc', 'admin'],
    ['POST', '/1/slos/orders', 'admin'],
    ['POST', '/1/boards', 'admin'],
    ['POST', '/1/derived_columns/orders', 'admin'],
    ['GET', '/api/v1/datasets', 'read'],
    ['GET', '/api/v1/datasets/orders/columns', 'read'],
    ['POST', '/api/v1/query', 'read'],
    ['GET', '/api/v1/traces/abc', 'read'],
    ['POST', '/api/v1/bubbleup', 'read'],
    ['GET', '/api/v1/keys', 'admin'],
    ['POST', '/api/v1/keys', 'admin'],
    ['DELETE', '/api/v1/keys/abc', 'admin'],
    ['GET', '/api/v1/audit', 'admin'],
    // Routes not written yet: reading is read, changing anything is admin.
    ['GET', '/api/v1/markers', 'read'],
    ['POST', '/api/v1/markers', 'admin'],
    ['PUT', '/api/v1/triggers/1', 'admin'],
    ['DELETE', '/api/v1/datasets/orders', 'admin'],
    ['POST', '/api/v1/query-history', 'admin'],
  ])('%s %s needs %s', (method, path, access) => {
    expect(routeAccess(method, path)).toBe(access);
  });
});
