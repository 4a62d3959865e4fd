// The OpenAPI 3.1 document, made from the route list and the zod schemas by zod's own
// JSON Schema output (draft 2020-12, the dialect of OpenAPI 3.1): schemas with an id are
// shared components, the rest are inline.
import { z } from 'zod';
import { ApiErrorSchema } from './common.ts';
import { API_ROUTES, type ApiRoute } from './routes.ts';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema> };
}

const COMPONENTS = '#/components/schemas/';

/** JSON Schema of a request body (what a client may send) or of an answer. */
function jsonSchema(schema: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  const {
    $defs,
    $schema: _dialect,
    ...rest
  } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    reused: 'inline',
    // A bigint travels as a JSON integer with all its digits.
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'bigint') jsonSchema.type = 'integer';
    },
  }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  const pointed = (value: JsonSchema): JsonSchema => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', `"${COMPONENTS}`));
  for (const [id, definition] of Object.entries($defs ?? {})) components[id] = pointed(definition);
  return pointed(rest);
}

const isZod = (value: unknown): value is z.ZodType => value instanceof z.ZodType;

function operation(route: ApiRoute, components: Record<string, JsonSchema>): Record<string, unknown> {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const queryParameters = Object.entries(route.query?.shape ?? {}).map(([name, schema]) => {
    const field = schema as z.ZodType;
    const { description, ...rest } = jsonSchema(field, components);
    return { name, in: 'query', required: !field.safeParse(undefined).success, schema: rest, ...(description ? { description } : {}) };
  });
  const body = route.body;
  const requestBody =
    body === undefined
      ? undefined
      : isZod(body)
        ? { required: true, content: { 'application/json': { schema: jsonSchema(body, components) } } }
        : { required: true, content: Object.fromEntries(body.media.map((media) => [media, {}])) };
  const success =
    route.response === null
      ? { description: route.summary }
      : isZod(route.response)
        ? { description: route.summary, content: { 'application/json': { schema: jsonSchema(route.response, components) } } }
        : { description: route.summary, content: Object.fromEntries(route.response.media.map((media) => [media, {}])) };
  const error = {
    description: 'What was wrong with the request, or why it could not be answered now',
    content: { 'application/json': { schema: jsonSchema(ApiErrorSchema, components) } },
  };
  return {
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    ...(pathParameters.length + queryParameters.length > 0 ? { parameters: [...pathParameters, ...queryParameters] } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: { [String(route.status)]: success, '4XX': error, '5XX': error },
  };
}

/** The document served at `/api/v1/openapi.json`. */
export function openApiDocument(): OpenApiDocument {
  const components: Record<string, JsonSchema> = {};
  const paths: OpenApiDocument['paths'] = {};
  for (const route of API_ROUTES) (paths[route.path] ??= {})[route.method] = operation(route, components);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flashlight',
      // The API's version, as in its paths (`/api/v1`): it changes only with a breaking change.
      version: '1',
      description:
        'Self-hosted observability: OTLP and libhoney ingest, QuerySpec queries, traces, BubbleUp, flows, markers, triggers, SLOs and boards. ' +
        'Send an API key as `Authorization: Bearer <key>` (or `X-Honeycomb-Team`) unless the server runs open on loopback.',
    },
    paths,
    components: { schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))) },
  };
}
