import { describe, expect, it } from 'vitest';
import { routeLookup, Routes } from './routes.ts';

describe('route declarations', () => {
  const routes = new Routes()
    .get('/api/v1/keys', 'admin', (c) => c.text('keys'))
    .post('/api/v1/query', { access: 'read', runsQueries: true }, (c) => c.text('query'))
    .get('/api/v1/things/:id', 'read', (c) => c.text(c.req.param('id')))
    .all('/api/*', 'any', (c) => c.text('none', 404))
    .get('*', 'public', (c) => c.text('ui'));
  const routeOf = routeLookup(routes.declared);
  const accessOf = (method: string, path: string) => routeOf(method, path)?.access ?? 'undeclared';

  it.each([
    ['GET', '/api/v1/keys', 'admin'],
    ['HEAD', '/api/v1/keys', 'admin'],
    ['POST', '/api/v1/query', 'read'],
    ['GET', '/api/v1/things/42', 'read'],
    // The first declared match wins, as Hono picks the handler: the catch-all comes later.
    ['DELETE', '/api/v1/keys', 'any'],
    ['GET', '/api/v1/other', 'any'],
    ['GET', '/assets/app.js', 'public'],
    ['POST', '/assets/app.js', 'undeclared'],
  ])('%s %s needs %s', (method, path, access) => {
    expect(accessOf(method, path)).toBe(access);
  });

  it('says which routes run queries', () => {
    expect(routeOf('POST', '/api/v1/query')?.runsQueries).toBe(true);
    expect(routeOf('GET', '/api/v1/keys')?.runsQueries).toBeUndefined();
  });

  it('answers with the handler of the route whose access was looked up', async () => {
    expect(await (await routes.app.request('/api/v1/things/42')).text()).toBe('42');
    expect((await routes.app.request('/api/v1/keys', { method: 'DELETE' })).status).toBe(404);
  });

  it('keeps the declarations of mounted routers, in order', () => {
    const root = new Routes().get('/healthz', 'public', (c) => c.text('ok')).mount(routes);
    expect(root.declared.map((r) => `${r.method} ${r.path} ${r.access}`)).toEqual([
      'GET /healthz public',
      'GET /api/v1/keys admin',
      'POST /api/v1/query read',
      'GET /api/v1/things/:id read',
      'ALL /api/* any',
      'GET * public',
    ]);
  });
});
