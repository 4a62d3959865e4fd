// The published OpenAPI document against the real server: it names every route the server
// serves and no other, and every route's real answers (successes and errors) validate
// against the document's schemas, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '@flashlight/api';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';

const NOW_S = Math.floor(Date.now() / 1000);
const TRACE_ID = 'a1'.repeat(16);

/** Spans of one trace through two services, plus plain log events, with columns of every type. */
function events() {
  const span = (i: number, fields: Record<string, unknown>) => ({
    time: new Date((NOW_S - 60 + i) * 1000).toISOString(),
    samplerate: 1,
    data: { 'trace.trace_id': TRACE_ID, 'service.name': 'api', duration_ms: 10 + i, 'user.id': `u-${i % 3}`, ok: i % 2 === 0, ...fields },
  });
  return [
    span(0, { 'trace.span_id': 's0', name: 'GET /cart', 'span.kind': 'server' }),
    span(1, { 'trace.span_id': 's1', 'trace.parent_id': 's0', name: 'charge', 'span.kind': 'client', 'peer.service': 'payments', error: true }),
    span(2, { 'trace.span_id': 's2', 'trace.parent_id': 's1', name: 'POST /charge', 'span.kind': 'server', 'service.name': 'payments' }),
    ...Array.from({ length: 6 }, (_, i) => ({
      time: new Date((NOW_S - 30 + i) * 1000).toISOString(),
      data: { message: `log ${i}`, level: i > 3 ? 'error' : 'info', bytes: i * 100 },
    })),
  ];
}

describe.each(ENGINES)('the OpenAPI document on %s', (engine) => {
  let server: TempServer;
  let document: OpenApiDocument;
  let adminKey: string | undefined;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  /** `method path` of every documented JSON answer that a test has checked. */
  const checked = new Set<string>();

  /** Calls the server and checks the answer against the document's schema for its route and status. */
  async function call(method: string, template: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (adminKey) headers.authorization = `Bearer ${adminKey}`;
    const response = await fetch(`${server.url}${path}`, {
      method: method.toUpperCase(),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const answer = text === '' ? undefined : JSON.parse(text);
    const responses = (document.paths[template]?.[method] as { responses: Record<string, { content?: Record<string, { schema?: object }> }> } | undefined)
      ?.responses;
    expect(responses, `${method} ${template} is documented`).toBeDefined();
    const documented = responses![String(response.status)] ?? responses![`${String(response.status)[0]}XX`];
    expect(documented, `${method} ${template} documents status ${response.status}: ${text}`).toBeDefined();
    checked.add(`${method} ${template}`);
    if (documented.content === undefined) {
      expect(text, `${method} ${template} ${response.status} has no body`).toBe('');
      return { status: response.status, body: answer };
    }
    const schema = documented.content['application/json']?.schema;
    expect(schema, `${method} ${template} ${response.status} is JSON`).toBeDefined();
    const validate = ajv.compile({ ...schema, components: document.components });
    expect(validate(answer) ? [] : validate.errors, `${method} ${path} → ${response.status}`).toEqual([]);
    return { status: response.status, body: answer };
  }

  beforeAll(async () => {
    server = await startTempServerOn(engine);
    document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as OpenApiDocument;
    const sent = await fetch(`${server.url}/1/batch/shop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events()) });
    expect(sent.status).toBe(200);
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('is OpenAPI 3.1 and names exactly the routes the server serves', () => {
    expect(document.openapi).toBe('3.1.0');
    const served = new Set(
      server.routes
        .filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
        .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`)));
    expect(
      [...served].filter((route) => !documented.has(route)),
      'served but not documented',
    ).toEqual([]);
    expect(
      [...documented].filter((route) => !served.has(route)),
      'documented but not served',
    ).toEqual([]);
  });

  it('describes the answers of the query, schema and trace routes', async () => {
    const query = { calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }], breakdowns: ['service.name'], time_range: 3600 };
    expect((await call('post', '/api/v1/query', '/api/v1/query', { dataset: 'shop', query })).status).toBe(200);
    expect((await call('post', '/api/v1/query', '/api/v1/query', { dataset: 'shop', query: { calculations: [{ op: 'NOPE' }] } })).status).toBe(400);
    expect((await call('get', '/api/v1/datasets', '/api/v1/datasets')).body).toEqual([expect.objectContaining({ name: 'shop' })]);
    expect((await call('get', '/api/v1/datasets/{dataset}/columns', '/api/v1/datasets/shop/columns')).status).toBe(200);
    expect((await call('get', '/api/v1/datasets/{dataset}/columns', '/api/v1/datasets/missing/columns')).status).toBe(404);
    expect((await call('get', '/api/v1/traces/{traceId}', `/api/v1/traces/${TRACE_ID}`)).body.spans).toHaveLength(3);
    expect((await call('get', '/api/v1/traces/{traceId}', '/api/v1/traces/ffff')).status).toBe(404);
    expect((await call('get', '/api/v1/traces/{traceId}/compare/{otherTraceId}', `/api/v1/traces/${TRACE_ID}/compare/${TRACE_ID}`)).body.paths).toHaveLength(3);
    expect((await call('get', '/api/v1/traces/{traceId}/peers', `/api/v1/traces/${TRACE_ID}/peers`)).body.peers).toEqual([]);
    expect((await call('get', '/api/v1/traces/{traceId}/peers', `/api/v1/traces/${TRACE_ID}/peers?window=0`)).status).toBe(400);
    const selection = { filters: [{ column: 'error', op: '=', value: true }] };
    expect((await call('post', '/api/v1/bubbleup', '/api/v1/bubbleup', { dataset: 'shop', query: { time_range: 3600 }, selection })).status).toBe(200);
    expect((await call('get', '/api/v1/entity', '/api/v1/entity?dataset=shop&field=user.id&value=u-1&time_range=3600')).status).toBe(200);
    for (const flow of ['service-map', 'vendors', 'gaps']) {
      expect((await call('get', `/api/v1/${flow}`, `/api/v1/${flow}?time_range=3600`)).status).toBe(200);
      expect((await call('get', `/api/v1/${flow}`, `/api/v1/${flow}?filter_combination=XOR`)).status).toBe(400);
    }
    expect((await call('get', '/readyz', '/readyz')).body.ready).toBe(true);
  });

  it('describes the answers of markers, triggers, SLOs and boards', async () => {
    const marker = await call('post', '/api/v1/markers', '/api/v1/markers', { type: 'deploy', message: 'v2', start_time: NOW_S - 30, dataset: 'shop' });
    expect(marker.status).toBe(201);
    const id = marker.body.id as string;
    expect((await call('get', '/api/v1/markers', `/api/v1/markers?start_time=${NOW_S - 3600}&end_time=${NOW_S + 60}`)).body).toHaveLength(1);
    expect(
      (await call('put', '/api/v1/markers/{id}', `/api/v1/markers/${id}`, { type: 'deploy', message: 'v2.1', start_time: NOW_S - 30, dataset: 'shop' })).status,
    ).toBe(200);
    expect((await call('get', '/api/v1/markers/{id}/comparison', `/api/v1/markers/${id}/comparison?window=600`)).status).toBe(200);
    expect((await call('post', '/api/v1/markers', '/api/v1/markers', { start_time: Date.now() })).status).toBe(400);
    expect((await call('delete', '/api/v1/markers/{id}', `/api/v1/markers/${id}`)).status).toBe(200);

    const trigger = {
      name: 'errors',
      dataset: 'shop',
      query: { calculation: { op: 'COUNT' } },
      threshold: { op: '>', value: 100 },
      recipients: [{ url: 'http://127.0.0.1:9/hook' }],
    };
    const slo = { name: 'fast cart', dataset: 'shop', good: [{ column: 'duration_ms', op: '<', value: 300 }], target_percent: 99 };
    for (const [kind, input] of [
      ['triggers', trigger],
      ['slos', slo],
    ] as const) {
      const created = await call('post', `/api/v1/${kind}`, `/api/v1/${kind}`, input);
      expect(created.status).toBe(201);
      const item = `/api/v1/${kind}/${created.body.id}`;
      await call('get', `/api/v1/${kind}`, `/api/v1/${kind}`);
      await call('get', `/api/v1/${kind}/{id}`, item);
      expect((await call('put', `/api/v1/${kind}/{id}`, item, { ...input, name: 'renamed' })).body.name).toBe('renamed');
      await call('get', `/api/v1/${kind}/{id}/deliveries`, `${item}/deliveries`);
      if (kind === 'slos') expect((await call('get', '/api/v1/slos/{id}/status', `${item}/status`)).status).toBe(200);
      expect((await call('delete', `/api/v1/${kind}/{id}`, item)).status).toBe(200);
      expect((await call('get', `/api/v1/${kind}/{id}`, item)).status).toBe(404);
    }

    const board = await call('post', '/api/v1/boards', '/api/v1/boards', {
      name: 'shop',
      queries: [{ title: 'count', dataset: 'shop', query: { calculations: [{ op: 'COUNT' }] } }],
    });
    expect(board.status).toBe(201);
    await call('get', '/api/v1/boards', '/api/v1/boards');
    await call('get', '/api/v1/boards/{id}', `/api/v1/boards/${board.body.id}`);
    await call('put', '/api/v1/boards/{id}', `/api/v1/boards/${board.body.id}`, { name: 'shop 2' });
    expect((await call('delete', '/api/v1/boards/{id}', `/api/v1/boards/${board.body.id}`)).status).toBe(204);
  });

  it('describes the answers of derived columns', async () => {
    const list = '/api/v1/datasets/{dataset}/derived-columns';
    const item = `${list}/{id}`;
    const created = await call('post', list, '/api/v1/datasets/shop/derived-columns', { alias: 'slow', expression: 'GT($duration_ms, 10)' });
    expect(created.status).toBe(201);
    expect((await call('post', list, '/api/v1/datasets/shop/derived-columns', { alias: 'bad', expression: 'DIV(1, 2, 3)' })).status).toBe(422);
    expect((await call('get', list, '/api/v1/datasets/shop/derived-columns')).body.map((d: { alias: string }) => d.alias)).toEqual(['slow']);
    const path = `/api/v1/datasets/shop/derived-columns/${created.body.id}`;
    expect((await call('put', item, path, { alias: 'slow', expression: 'GT($duration_ms, 11)' })).body.expression).toBe('GT($duration_ms, 11)');
    expect((await call('delete', item, path)).status).toBe(200);
  });

  it('describes the answers of keys, identity and the audit log', async () => {
    expect((await call('get', '/api/v1/whoami', '/api/v1/whoami')).body.open).toBe(true);
    expect((await call('post', '/api/v1/keys', '/api/v1/keys', { name: 'x', kind: 'nope', environment: 'default' })).status).toBe(400);
    const created = await call('post', '/api/v1/keys', '/api/v1/keys', { name: 'ops', kind: 'admin', environment: 'default' });
    expect(created.status).toBe(201);
    // From here on the server wants a key.
    adminKey = created.body.key as string;
    expect((await call('get', '/api/v1/whoami', '/api/v1/whoami')).body.kind).toBe('admin');
    expect((await call('get', '/api/v1/keys', '/api/v1/keys')).body).toHaveLength(1);
    expect((await call('get', '/api/v1/audit', '/api/v1/audit')).body.length).toBeGreaterThan(0);
    const second = await call('post', '/api/v1/keys', '/api/v1/keys', { name: 'reader', kind: 'query', environment: 'default' });
    expect((await call('delete', '/api/v1/keys/{id}', `/api/v1/keys/${second.body.id}`)).body.revokedAt).not.toBeNull();
  });

  it('describes the answers of findings and the rules that quiet them', async () => {
    expect((await call('get', '/api/v1/findings', '/api/v1/findings?time_range=3600')).body).toEqual({ findings: [] });
    expect((await call('get', '/api/v1/findings/{id}', '/api/v1/findings/nope')).status).toBe(404);
    expect((await call('post', '/api/v1/findings/{id}/expected', '/api/v1/findings/nope/expected', { minutes: 60 })).status).toBe(404);
    const rule = await call('post', '/api/v1/findings-quiet', '/api/v1/findings-quiet', { kind: 'volume', minutes: 60 });
    expect(rule.body).toMatchObject({ kind: 'volume', reason: 'snooze' });
    expect((await call('get', '/api/v1/findings-quiet', '/api/v1/findings-quiet')).body).toEqual([rule.body]);
    expect((await call('delete', '/api/v1/findings-quiet/{id}', `/api/v1/findings-quiet/${rule.body.id}`)).body).toEqual({ deleted: rule.body.id });
  });

  it('has checked an answer of every route of the native API', () => {
    // The CSV and NDJSON answers are checked by their own tests; this document by the first test.
    const other = ['get /api/v1/openapi.json', 'post /api/v1/query/csv', 'get /api/v1/export'];
    const native = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .filter((route) => !other.includes(route));
    expect(native.filter((route) => !checked.has(route))).toEqual([]);
  });
});
