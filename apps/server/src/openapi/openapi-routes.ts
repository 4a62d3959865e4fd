// `GET /api/v1/openapi.json`: the HTTP contract as OpenAPI 3.1, made once from
// @flashlight/api's schemas, the same ones the server parses requests with.
import { Hono } from 'hono';
import { openApiDocument } from '@flashlight/api';

export function openApiRoutes(): Hono {
  const app = new Hono();
  let document: string | undefined;
  app.get('/api/v1/openapi.json', (c) => {
    document ??= JSON.stringify(openApiDocument());
    return c.body(document, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
  return app;
}
