// Every route of the HTTP API, as data: method, path, what it takes and what it answers.
// The OpenAPI document is made from this list, and the contract test calls each route.
import { z } from 'zod';
import { ApiErrorSchema } from './common.ts';
import { QueryRequestSchema, QueryResultSchema, DatasetSchema, ColumnSchema } from './query.ts';
import { TraceSchema } from './traces.ts';
import { PeerComparisonSchema, TraceComparisonSchema } from './trace-compare.ts';
import { ServiceMapSchema, VendorScorecardsSchema, InstrumentationGapsSchema } from './flows.ts';
import { BubbleUpRequestSchema, BubbleUpResultSchema } from './bubbleup.ts';
import { EntityLensSchema } from './entity.ts';
import { MarkerInputSchema, MarkerSchema } from './markers.ts';
import { DerivedColumnInputSchema, DerivedColumnSchema } from './derived-columns.ts';
import { BeforeAfterSchema } from './changes.ts';
import { AlertItemSchema, DeliverySchema, SloInputSchema, SloStatusAnswerSchema, TriggerInputSchema } from './alerts.ts';
import { BoardInputSchema, BoardSchema } from './boards.ts';
import { ExpectedInputSchema, FindingQuietInputSchema, FindingQuietRuleSchema, FindingSchema, FindingsSchema } from './findings.ts';
import { ApiKeySchema, AuditEntrySchema, CreatedApiKeySchema, NewApiKeySchema, WhoAmISchema } from './keys.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface ApiRoute {
  method: HttpMethod;
  /** OpenAPI path template: `/api/v1/markers/{id}`. */
  path: string;
  summary: string;
  tag: string;
  /** Query-string parameters, each a string on the wire. */
  query?: z.ZodObject;
  /** A JSON body, or another media type the route reads as it is. */
  body?: z.ZodType | { media: string[] };
  /** The success status: exact, or a range (`2XX`) where it says whether something was created. */
  status: number | '2XX';
  /** The success answer: JSON by schema, other media types, or none (204). */
  response: z.ZodType | { media: string[] } | null;
}

const DeletedSchema = z.object({ deleted: z.string() }).meta({ id: 'Deleted' });
/** A Honeycomb-compatible answer: its shape is Honeycomb's API reference's. */
const HoneycombJsonSchema = z.unknown().meta({ id: 'HoneycombJson', description: "Shaped as in Honeycomb's API reference" });

const TimeQuery = {
  time_range: z.string().optional().describe('seconds back from now'),
  start_time: z.string().optional().describe('unix seconds'),
  end_time: z.string().optional().describe('unix seconds'),
};
const FlowQuery = z.object({
  ...TimeQuery,
  filters: z.string().optional().describe('a JSON list of QuerySpec filters selecting traces'),
  filter_combination: z.enum(['AND', 'OR']).optional(),
});

/** @param deleted what a deletion answers: `{deleted: id}`, or nothing (204) */
const crud = (base: string, tag: string, noun: string, input: z.ZodType, item: z.ZodType, deleted: 'id' | 'nothing' = 'id'): ApiRoute[] => [
  { method: 'get', path: base, summary: `List ${noun}s`, tag, status: 200, response: z.array(item) },
  { method: 'post', path: base, summary: `Create a ${noun}`, tag, body: input, status: 201, response: item },
  { method: 'get', path: `${base}/{id}`, summary: `Get a ${noun}`, tag, status: 200, response: item },
  { method: 'put', path: `${base}/{id}`, summary: `Replace a ${noun}`, tag, body: input, status: 200, response: item },
  deleted === 'id'
    ? { method: 'delete', path: `${base}/{id}`, summary: `Delete a ${noun}`, tag, status: 200, response: DeletedSchema }
    : { method: 'delete', path: `${base}/{id}`, summary: `Delete a ${noun}`, tag, status: 204, response: null },
];

const OTLP_BODY = { media: ['application/x-protobuf', 'application/json'] };

/** Honeycomb's REST API, served for its clients and tools: paths and methods only. */
const HONEYCOMB_ROUTES: Array<[HttpMethod, string]> = [
  ['get', '/1/auth'],
  ['get', '/1/datasets'],
  ['post', '/1/datasets'],
  ['get', '/1/datasets/{dataset}'],
  ['put', '/1/datasets/{dataset}'],
  ['delete', '/1/datasets/{dataset}'],
  ...['columns', 'markers', 'marker_settings', 'query_annotations', 'slos', 'triggers', 'derived_columns', 'calculated_fields'].flatMap(
    (kind): Array<[HttpMethod, string]> => [
      ['get', `/1/${kind}/{dataset}`],
      ['post', `/1/${kind}/{dataset}`],
      ['put', `/1/${kind}/{dataset}/{id}`],
      ['delete', `/1/${kind}/{dataset}/{id}`],
    ],
  ),
  ...['columns', 'query_annotations', 'slos', 'triggers', 'burn_alerts', 'derived_columns', 'calculated_fields', 'queries', 'query_results'].map(
    (kind): [HttpMethod, string] => ['get', `/1/${kind}/{dataset}/{id}`],
  ),
  // Burn alerts are read-only here: changing one answers 422.
  ...['burn_alerts'].flatMap((kind): Array<[HttpMethod, string]> => [
    ['get', `/1/${kind}/{dataset}`],
    ...(['post', 'put', 'delete'] as const).flatMap((method): Array<[HttpMethod, string]> => [
      [method, `/1/${kind}/{dataset}`],
      [method, `/1/${kind}/{dataset}/{id}`],
    ]),
  ]),
  ['post', '/1/queries/{dataset}'],
  ['post', '/1/query_results/{dataset}'],
  ...(['get', 'post'] as const).map((method): [HttpMethod, string] => [method, '/1/boards']),
  ...(['get', 'put', 'delete'] as const).map((method): [HttpMethod, string] => [method, '/1/boards/{id}']),
  ...(['get', 'post'] as const).map((method): [HttpMethod, string] => [method, '/1/recipients']),
  ...(['get', 'put', 'delete'] as const).map((method): [HttpMethod, string] => [method, '/1/recipients/{id}']),
];

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness: the process answers', tag: 'operations', status: 200, response: { media: ['text/plain'] } },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: disk, control store and event store answer',
    tag: 'operations',
    status: 200,
    response: z.object({ ready: z.boolean(), checks: z.array(z.looseObject({ ok: z.boolean() })) }).meta({ id: 'Readiness' }),
  },
  {
    method: 'get',
    path: '/metrics',
    summary: "The server's own metrics, Prometheus text format",
    tag: 'operations',
    status: 200,
    response: { media: ['text/plain'] },
  },
  { method: 'get', path: '/api/v1/openapi.json', summary: 'This document', tag: 'operations', status: 200, response: z.looseObject({ openapi: z.string() }) },

  ...(['traces', 'metrics', 'logs'] as const).map((signal): ApiRoute => ({
    method: 'post',
    path: `/v1/${signal}`,
    summary: `OTLP/HTTP ${signal}`,
    tag: 'ingest',
    body: OTLP_BODY,
    status: 200,
    response: { media: OTLP_BODY.media },
  })),
  {
    method: 'post',
    path: '/1/events/{dataset}',
    summary: 'One event, libhoney style',
    tag: 'ingest',
    body: z.record(z.string(), z.unknown()),
    status: '2XX',
    response: HoneycombJsonSchema,
  },
  {
    method: 'post',
    path: '/1/batch/{dataset}',
    summary: 'A batch of events, libhoney style (JSON or msgpack)',
    tag: 'ingest',
    body: z.array(z.looseObject({ data: z.record(z.string(), z.unknown()) })),
    status: '2XX',
    response: HoneycombJsonSchema,
  },

  { method: 'post', path: '/api/v1/query', summary: 'Run a QuerySpec', tag: 'query', body: QueryRequestSchema, status: 200, response: QueryResultSchema },
  {
    method: 'post',
    path: '/api/v1/query/csv',
    summary: "A query's results as CSV",
    tag: 'query',
    body: QueryRequestSchema,
    status: 200,
    response: { media: ['text/csv'] },
  },
  {
    method: 'get',
    path: '/api/v1/export',
    summary: "A dataset's raw events as NDJSON, streamed",
    tag: 'query',
    query: z.object({ dataset: z.string(), ...FlowQuery.shape }),
    status: 200,
    response: { media: ['application/x-ndjson'] },
  },
  { method: 'get', path: '/api/v1/datasets', summary: "The environment's datasets", tag: 'query', status: 200, response: z.array(DatasetSchema) },
  { method: 'get', path: '/api/v1/datasets/{dataset}/columns', summary: "A dataset's columns", tag: 'query', status: 200, response: z.array(ColumnSchema) },
  {
    method: 'get',
    path: '/api/v1/traces/{traceId}',
    summary: 'One trace for the waterfall',
    tag: 'query',
    query: z.object({ start: z.string().optional().describe('unix seconds'), end: z.string().optional().describe('unix seconds') }),
    status: 200,
    response: TraceSchema,
  },
  {
    method: 'get',
    path: '/api/v1/traces/{traceId}/compare/{otherTraceId}',
    summary: 'Two traces side by side, aligned by (service, name) path',
    tag: 'query',
    status: 200,
    response: TraceComparisonSchema,
  },
  {
    method: 'get',
    path: '/api/v1/traces/{traceId}/peers',
    summary: 'A trace against its peers: traces of the same root name in the same dataset, around it',
    tag: 'query',
    query: z.object({
      window: z.string().optional().describe('seconds each side of the trace to look for peers in (default 3600)'),
      limit: z.string().optional().describe('peers to compare with, the most recent first (at most and by default 100)'),
    }),
    status: 200,
    response: PeerComparisonSchema,
  },
  {
    method: 'post',
    path: '/api/v1/bubbleup',
    summary: 'What sets a selection apart from the rest of a query',
    tag: 'query',
    body: BubbleUpRequestSchema,
    status: 200,
    response: BubbleUpResultSchema,
  },
  {
    method: 'get',
    path: '/api/v1/entity',
    summary: 'One entity against everyone else',
    tag: 'query',
    query: z.object({
      dataset: z.string(),
      field: z.string(),
      value: z.string(),
      ...TimeQuery,
      filters: z.string().optional(),
      near_unique: z.enum(['true', 'false']).optional(),
    }),
    status: 200,
    response: EntityLensSchema,
  },

  { method: 'get', path: '/api/v1/service-map', summary: 'The service map', tag: 'flows', query: FlowQuery, status: 200, response: ServiceMapSchema },
  { method: 'get', path: '/api/v1/vendors', summary: 'Vendor scorecards', tag: 'flows', query: FlowQuery, status: 200, response: VendorScorecardsSchema },
  { method: 'get', path: '/api/v1/gaps', summary: 'Instrumentation gaps', tag: 'flows', query: FlowQuery, status: 200, response: InstrumentationGapsSchema },

  {
    method: 'get',
    path: '/api/v1/markers',
    summary: 'List markers',
    tag: 'changes',
    query: z.object({ dataset: z.string().optional(), start_time: z.string().optional(), end_time: z.string().optional() }),
    status: 200,
    response: z.array(MarkerSchema),
  },
  { method: 'post', path: '/api/v1/markers', summary: 'Create a marker', tag: 'changes', body: MarkerInputSchema, status: 201, response: MarkerSchema },
  { method: 'put', path: '/api/v1/markers/{id}', summary: 'Replace a marker', tag: 'changes', body: MarkerInputSchema, status: 200, response: MarkerSchema },
  { method: 'delete', path: '/api/v1/markers/{id}', summary: 'Delete a marker', tag: 'changes', status: 200, response: DeletedSchema },
  {
    method: 'get',
    path: '/api/v1/datasets/{dataset}/derived-columns',
    summary: "A dataset's derived columns, its own and the environment-wide ones (__all__: those alone)",
    tag: 'query',
    status: 200,
    response: z.array(DerivedColumnSchema),
  },
  {
    method: 'post',
    path: '/api/v1/datasets/{dataset}/derived-columns',
    summary: 'Save a derived column (its expression is checked first)',
    tag: 'query',
    body: DerivedColumnInputSchema,
    status: 201,
    response: DerivedColumnSchema,
  },
  {
    method: 'put',
    path: '/api/v1/datasets/{dataset}/derived-columns/{id}',
    summary: 'Change a derived column',
    tag: 'query',
    body: DerivedColumnInputSchema,
    status: 200,
    response: DerivedColumnSchema,
  },
  {
    method: 'delete',
    path: '/api/v1/datasets/{dataset}/derived-columns/{id}',
    summary: 'Delete a derived column',
    tag: 'query',
    status: 200,
    response: DeletedSchema,
  },
  {
    method: 'get',
    path: '/api/v1/markers/{id}/comparison',
    summary: 'What changed at a marker',
    tag: 'changes',
    query: z.object({ window: z.string().optional().describe('seconds') }),
    status: 200,
    response: BeforeAfterSchema,
  },

  ...crud('/api/v1/triggers', 'alerts', 'trigger', TriggerInputSchema, AlertItemSchema),
  {
    method: 'get',
    path: '/api/v1/triggers/{id}/deliveries',
    summary: "A trigger's webhook deliveries",
    tag: 'alerts',
    query: z.object({ limit: z.string().optional() }),
    status: 200,
    response: z.array(DeliverySchema),
  },
  ...crud('/api/v1/slos', 'alerts', 'SLO', SloInputSchema, AlertItemSchema),
  {
    method: 'get',
    path: '/api/v1/slos/{id}/deliveries',
    summary: "An SLO's webhook deliveries",
    tag: 'alerts',
    query: z.object({ limit: z.string().optional() }),
    status: 200,
    response: z.array(DeliverySchema),
  },
  {
    method: 'get',
    path: '/api/v1/slos/{id}/status',
    summary: "An SLO's budget, burn rates and burn-down",
    tag: 'alerts',
    status: 200,
    response: SloStatusAnswerSchema,
  },

  {
    method: 'get',
    path: '/api/v1/findings',
    summary: 'What the watcher noticed changing, newest first, each with its explanation',
    tag: 'findings',
    query: z.object({ time_range: TimeQuery.time_range, state: z.enum(['open', 'recovered']).optional() }),
    status: 200,
    response: FindingsSchema,
  },
  { method: 'get', path: '/api/v1/findings/{id}', summary: 'A finding', tag: 'findings', status: 200, response: FindingSchema },
  {
    method: 'post',
    path: '/api/v1/findings/{id}/expected',
    summary: 'Mark a finding expected: the same kind of change stays quiet for its places for a while',
    tag: 'findings',
    body: ExpectedInputSchema,
    status: 200,
    response: FindingSchema,
  },
  {
    method: 'get',
    path: '/api/v1/findings-quiet',
    summary: 'Expected, snoozed and muted kinds of change',
    tag: 'findings',
    status: 200,
    response: z.array(FindingQuietRuleSchema),
  },
  {
    method: 'post',
    path: '/api/v1/findings-quiet',
    summary: 'Snooze (minutes) or mute a kind of change',
    tag: 'findings',
    body: FindingQuietInputSchema,
    status: 201,
    response: FindingQuietRuleSchema,
  },
  {
    method: 'delete',
    path: '/api/v1/findings-quiet/{id}',
    summary: 'End a snooze, mute or expectation',
    tag: 'findings',
    status: 200,
    response: DeletedSchema,
  },

  ...crud('/api/v1/boards', 'boards', 'board', BoardInputSchema, BoardSchema, 'nothing'),

  { method: 'get', path: '/api/v1/whoami', summary: 'Who the request is', tag: 'keys', status: 200, response: WhoAmISchema },
  { method: 'get', path: '/api/v1/keys', summary: 'List API keys (never their secrets)', tag: 'keys', status: 200, response: z.array(ApiKeySchema) },
  {
    method: 'post',
    path: '/api/v1/keys',
    summary: 'Create an API key; its text is shown once',
    tag: 'keys',
    body: NewApiKeySchema,
    status: 201,
    response: CreatedApiKeySchema,
  },
  { method: 'delete', path: '/api/v1/keys/{id}', summary: 'Revoke an API key', tag: 'keys', status: 200, response: ApiKeySchema },
  {
    method: 'get',
    path: '/api/v1/audit',
    summary: "The environment's audit log, newest first",
    tag: 'keys',
    query: z.object({ limit: z.string().optional(), environment: z.string().optional() }),
    status: 200,
    response: z.array(AuditEntrySchema),
  },

  ...HONEYCOMB_ROUTES.map(([method, path]): ApiRoute => ({
    method,
    path,
    summary: `Honeycomb API: ${method.toUpperCase()} ${path}`,
    tag: 'honeycomb',
    ...(method === 'post' || method === 'put' ? { body: z.record(z.string(), z.unknown()) } : {}),
    status: '2XX',
    response: HoneycombJsonSchema,
  })),
];

export { ApiErrorSchema };
