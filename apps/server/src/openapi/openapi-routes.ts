// `GET /api/v1/openapi.json`: the HTTP contract as OpenAPI 3.1, made once from
// @flashlight/api's schemas, the same ones the server parses requests with. A read key
// may fetch it, as it may read the schema: nobody without a key maps the routes.
import { openApiDocument } from '@flashlight/api';
import { Routes } from '../http/routes.ts';

export function openApiRoutes(): Routes {
  let document: string | undefined;
  return new Routes().get('/api/v1/openapi.json', 'read', (c) => {
    document ??= JSON.stringify(openApiDocument());
    return c.body(document, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
}
