// Isolation matrix: every endpoint × every kind of credential × the key's own or the
// other environment. A kind that is not granted the route is refused (401/403) and
// changes nothing; a granted kind sees and changes its own environment only. The routes
// come from the server's own declarations, so a route added without a thought for its
// access shows up here: in the snapshot of who may call what, and in the sweep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../store/read-events.ts';
import type { DeclaredRoute, RouteAccess } from '../http/routes.ts';
import { startServerWithKeys, type IssuedKey } from './server-with-keys.ts';
import type { TempServer } from '../testing/temp-server.ts';

type Env = 'alpha' | 'beta';
const ENVS: Env[] = ['alpha', 'beta'];
const other = (env: Env): Env => (env === 'alpha' ? 'beta' : 'alpha');
const traceIdOf = (env: Env) => (env === 'alpha' ? 'a'.repeat(32) : 'b'.repeat(32));

/** A credential: a key of an environment, or none / a forged one / a revoked one. */
interface Credential {
  label: string;
  env: Env;
  kind: 'ingest' | 'query' | 'admin' | 'none' | 'forged' | 'revoked';
  text: string | null;
}

let server: TempServer;
let issued: IssuedKey[];
const credentials: Credential[] = [];
const spareKeyOf = (env: Env) => issued.find((k) => k.environment === env && k.name === 'spare')!;
let writeCounter = 0;

beforeAll(async () => {
  const wanted = ENVS.flatMap((environment) => (['ingest', 'query', 'admin'] as const).map((kind) => ({ name: `${kind}-${environment}`, kind, environment })));
  wanted.push(...ENVS.map((environment) => ({ name: 'spare', kind: 'query' as const, environment })));
  wanted.push({ name: 'revoked', kind: 'admin', environment: 'alpha' });
  // Who may call what is decided before any store is reached: the memory store serves.
  ({ server, keys: issued } = await startServerWithKeys(wanted, {}, { engine: 'memory' }));

  for (const key of issued.filter((k) => k.name !== 'spare' && k.name !== 'revoked')) {
    credentials.push({ label: key.name, env: key.environment as Env, kind: key.kind, text: key.text });
  }
  const revoked = issued.find((k) => k.name === 'revoked')!;
  const adminAlpha = issued.find((k) => k.name === 'admin-alpha')!;
  expect((await call('DELETE', `/api/v1/keys/${revoked.id}`, adminAlpha.text)).status).toBe(200);
  credentials.push({ label: 'revoked admin', env: 'alpha', kind: 'revoked', text: revoked.text });
  credentials.push({ label: 'no key', env: 'alpha', kind: 'none', text: null });
  credentials.push({ label: 'forged key', env: 'alpha', kind: 'forged', text: `fl_${revoked.id}_${'A'.repeat(43)}` });

  // Each environment holds one dataset and one trace of its own.
  for (const env of ENVS) {
    const ingest = issued.find((k) => k.name === `ingest-${env}`)!;
    // Ten minutes ago: inside every queried range, whose end is rounded down to the second.
    const seeded = await call('POST', `/1/batch/orders-${env}`, ingest.text, [
      {
        time: new Date(Date.now() - 600_000).toISOString(),
        data: {
          'trace.trace_id': traceIdOf(env),
          'trace.span_id': '1'.repeat(16),
          name: 'checkout',
          'service.name': `orders-${env}`,
          duration_ms: 12,
          [`only.${env}`]: true,
        },
      },
    ]);
    expect(seeded.status).toBe(200);
    const admin = issued.find((k) => k.name === `admin-${env}`)!;
    const marker = await call('POST', '/api/v1/markers', admin.text, { message: `seed-${env}`, start_time: Math.floor(Date.now() / 1000) - 600 });
    expect(marker.status).toBe(201);
    const trigger = await call('POST', '/api/v1/triggers', admin.text, triggerBody(`seed-${env}`, env));
    expect(trigger.status, await trigger.clone().text()).toBe(201);
  }
});

/** A trigger that is never checked: only its visibility matters here. */
function triggerBody(name: string, env: Env) {
  return { name, dataset: `orders-${env}`, query: { calculation: { op: 'COUNT' }, filters: [] }, threshold: { op: '>', value: 100 }, disabled: true };
}

/** Trigger names an environment's admin sees. */
async function triggerNames(env: Env): Promise<string[]> {
  const admin = issued.find((k) => k.name === `admin-${env}`)!;
  return ((await (await call('GET', '/api/v1/triggers', admin.text)).json()) as Array<{ name: string }>).map((t) => t.name);
}

/** Marker messages an environment's admin sees. */
async function markerMessages(env: Env): Promise<string[]> {
  const admin = issued.find((k) => k.name === `admin-${env}`)!;
  const response = await call('GET', `/api/v1/markers?start_time=0&end_time=${Math.floor(Date.now() / 1000) + 3600}`, admin.text);
  return ((await response.json()) as Array<{ message: string }>).map((m) => m.message);
}
afterAll(async () => server.dispose());

function call(method: string, path: string, key: string | null, body?: unknown, useBearer = false): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers[useBearer ? 'authorization' : 'x-honeycomb-team'] = useBearer ? `Bearer ${key}` : key;
  return fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function markersIn(env: Env, dataset: string): Promise<string[]> {
  const events = await readEvents(server.store, env, dataset);
  return events.map((e) => e.fields.marker as string).filter(Boolean);
}

/**
 * One endpoint. `send` addresses the target environment's things as far as a request
 * can; `verify` checks an allowed answer: full access when the target is the key's own
 * environment, nothing of the other environment otherwise.
 */
interface Endpoint {
  name: string;
  /** What the route must declare: a wrong declaration fails here, not only in the sweep. */
  access: Exclude<RouteAccess, 'public'>;
  send(key: string | null, target: Env, marker: string): Promise<Response>;
  verify(response: Response, keyEnv: Env, target: Env, marker: string): Promise<void>;
  /** After a refused request: nothing changed. */
  unchanged?(marker: string): Promise<void>;
}

const otlpSpan = (target: Env, marker: string) => ({
  resourceSpans: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: 'writes-otlp' } },
          // A sender cannot pick its environment: this attribute is only data.
          { key: 'deployment.environment', value: { stringValue: target } },
        ],
      },
      scopeSpans: [
        {
          spans: [
            {
              traceId: '0123456789abcdef0123456789abcdef',
              spanId: '0123456789abcdef',
              name: 'w',
              kind: 1,
              startTimeUnixNano: String(Date.now() * 1e6),
              endTimeUnixNano: String(Date.now() * 1e6 + 1e6),
              attributes: [{ key: 'marker', value: { stringValue: marker } }],
            },
          ],
        },
      ],
    },
  ],
});
const otlpLog = (target: Env, marker: string) => ({
  resourceLogs: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: 'writes-otlp' } },
          { key: 'deployment.environment', value: { stringValue: target } },
        ],
      },
      scopeLogs: [
        {
          logRecords: [
            { timeUnixNano: String(Date.now() * 1e6), body: { stringValue: 'hello' }, attributes: [{ key: 'marker', value: { stringValue: marker } }] },
          ],
        },
      ],
    },
  ],
});

/** A write lands in the key's environment, whatever the request says, and nowhere else. */
const landsInOwnEnvironment = (dataset: string) => async (response: Response, keyEnv: Env, _target: Env, marker: string) => {
  expect(response.status).toBe(200);
  expect(await markersIn(keyEnv, dataset)).toContain(marker);
  expect(await markersIn(other(keyEnv), dataset)).not.toContain(marker);
};
const landsNowhere = (dataset: string) => async (marker: string) => {
  for (const env of ENVS) expect(await markersIn(env, dataset)).not.toContain(marker);
};

/** Answers over the key's own dataset; the other environment's does not exist (404). */
async function readsOwnDatasetOnly(response: Response, keyEnv: Env, target: Env): Promise<void> {
  expect(response.status, await response.text()).toBe(target === keyEnv ? 200 : 404);
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /1/events/:dataset',
    access: 'ingest',
    send: (key, target, marker) => call('POST', '/1/events/writes', key, { marker, environment: target }),
    verify: landsInOwnEnvironment('writes'),
    unchanged: landsNowhere('writes'),
  },
  {
    name: 'POST /1/batch/:dataset',
    access: 'ingest',
    send: (key, target, marker) => call('POST', '/1/batch/writes', key, [{ data: { marker, environment: target } }]),
    verify: landsInOwnEnvironment('writes'),
    unchanged: landsNowhere('writes'),
  },
  {
    name: 'POST /v1/traces',
    access: 'ingest',
    send: (key, target, marker) => call('POST', '/v1/traces', key, otlpSpan(target, marker), true),
    verify: landsInOwnEnvironment('writes-otlp'),
    unchanged: landsNowhere('writes-otlp'),
  },
  {
    name: 'POST /v1/logs',
    access: 'ingest',
    send: (key, target, marker) => call('POST', '/v1/logs', key, otlpLog(target, marker), true),
    verify: landsInOwnEnvironment('writes-otlp'),
    unchanged: landsNowhere('writes-otlp'),
  },
  {
    name: 'GET /api/v1/datasets',
    access: 'read',
    send: (key) => call('GET', '/api/v1/datasets', key),
    verify: async (response, keyEnv, target) => {
      expect(response.status).toBe(200);
      const names = ((await response.json()) as Array<{ name: string }>).map((d) => d.name);
      expect(names.includes(`orders-${target}`)).toBe(target === keyEnv);
      expect(names).not.toContain(`orders-${other(keyEnv)}`);
    },
  },
  {
    name: 'GET /api/v1/datasets/:dataset/columns',
    access: 'read',
    send: (key, target) => call('GET', `/api/v1/datasets/orders-${target}/columns`, key),
    verify: async (response, keyEnv, target) => {
      if (target !== keyEnv) return void expect(response.status).toBe(404);
      expect(response.status).toBe(200);
      const names = ((await response.json()) as Array<{ name: string }>).map((c) => c.name);
      expect(names).toContain(`only.${keyEnv}`);
    },
  },
  {
    name: 'POST /api/v1/query',
    access: 'read',
    send: (key, target) => call('POST', '/api/v1/query', key, { dataset: `orders-${target}`, query: { calculations: [{ op: 'COUNT' }], time_range: 86400 } }),
    verify: async (response, keyEnv, target) => {
      if (target !== keyEnv) return void expect(response.status).toBe(404);
      expect(response.status).toBe(200);
      const result = (await response.json()) as { data: { results: Array<{ data: Record<string, unknown> }> } };
      expect(result.data.results[0].data.COUNT).toBe(1);
    },
  },
  {
    name: 'POST /api/v1/query over __all__',
    access: 'read',
    send: (key, target) =>
      call('POST', '/api/v1/query', key, { dataset: '__all__', query: { calculations: [{ op: 'COUNT' }], breakdowns: [`only.${target}`], time_range: 86400 } }),
    verify: async (response, keyEnv, target) => {
      // The other environment's field does not exist here at all.
      if (target !== keyEnv) return void expect(response.status).toBe(400);
      expect(response.status).toBe(200);
    },
  },
  {
    name: 'POST /api/v1/bubbleup',
    access: 'read',
    send: (key, target) =>
      call('POST', '/api/v1/bubbleup', key, {
        dataset: `orders-${target}`,
        query: { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], time_range: 86400 },
        selection: { filters: [{ column: 'duration_ms', op: '<', value: 100 }] },
      }),
    verify: readsOwnDatasetOnly,
  },
  {
    name: 'GET /api/v1/entity',
    access: 'read',
    send: (key, target) => call('GET', `/api/v1/entity?dataset=orders-${target}&field=name&value=checkout&time_range=86400`, key),
    verify: readsOwnDatasetOnly,
  },
  {
    name: 'GET /api/v1/traces/:traceId',
    access: 'read',
    send: (key, target) => call('GET', `/api/v1/traces/${traceIdOf(target)}`, key),
    verify: async (response, keyEnv, target) => {
      expect(response.status).toBe(target === keyEnv ? 200 : 404);
    },
  },
  {
    name: 'GET /api/v1/keys',
    access: 'admin',
    send: (key) => call('GET', '/api/v1/keys', key),
    verify: async (response, keyEnv, target) => {
      expect(response.status).toBe(200);
      const keys = (await response.json()) as Array<Record<string, unknown>>;
      expect(keys.some((k) => k.id === spareKeyOf(target).id)).toBe(target === keyEnv);
      expect(keys.every((k) => k.environment === keyEnv && !('secretHash' in k) && !('key' in k))).toBe(true);
    },
  },
  {
    name: 'POST /api/v1/keys',
    access: 'admin',
    send: (key, target, marker) => call('POST', '/api/v1/keys', key, { name: marker, kind: 'ingest', environment: target }),
    verify: async (response, keyEnv, target) => {
      if (target !== keyEnv) return void expect(response.status).toBe(403);
      expect(response.status).toBe(201);
      const created = (await response.json()) as { key: string; environment: string };
      expect(created.environment).toBe(keyEnv);
      expect(created.key).toMatch(/^fl_[0-9a-f]{12}_/);
    },
  },
  {
    name: 'DELETE /api/v1/keys/:id',
    access: 'admin',
    send: (key, target) => call('DELETE', `/api/v1/keys/${spareKeyOf(target).id}`, key),
    verify: async (response, keyEnv, target) => {
      expect(response.status).toBe(target === keyEnv ? 200 : 404);
    },
  },
  {
    name: 'GET /api/v1/audit',
    access: 'admin',
    send: (key, target) => call('GET', `/api/v1/audit?environment=${target}`, key),
    verify: async (response, keyEnv) => {
      expect(response.status).toBe(200);
      const entries = (await response.json()) as Array<{ environment: string }>;
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.environment === keyEnv)).toBe(true);
    },
  },
  {
    name: 'GET /api/v1/markers',
    access: 'read',
    send: (key) => call('GET', `/api/v1/markers?start_time=0&end_time=${Math.floor(Date.now() / 1000) + 3600}`, key),
    verify: async (response, keyEnv, target) => {
      expect(response.status).toBe(200);
      const messages = ((await response.json()) as Array<{ message: string }>).map((m) => m.message);
      expect(messages.includes(`seed-${target}`)).toBe(target === keyEnv);
      expect(messages).not.toContain(`seed-${other(keyEnv)}`);
    },
  },
  {
    name: 'POST /api/v1/markers',
    access: 'admin',
    send: (key, target, marker) =>
      call('POST', '/api/v1/markers', key, { message: marker, dataset: `orders-${target}`, start_time: Math.floor(Date.now() / 1000) - 60 }),
    verify: async (response, keyEnv, _target, marker) => {
      expect(response.status).toBe(201);
      expect(await markerMessages(keyEnv)).toContain(marker);
      expect(await markerMessages(other(keyEnv))).not.toContain(marker);
    },
    unchanged: async (marker) => {
      for (const env of ENVS) expect(await markerMessages(env)).not.toContain(marker);
    },
  },
  {
    name: 'GET /api/v1/triggers',
    access: 'read',
    send: (key) => call('GET', '/api/v1/triggers', key),
    verify: async (response, keyEnv, target) => {
      expect(response.status).toBe(200);
      const names = ((await response.json()) as Array<{ name: string }>).map((t) => t.name);
      expect(names.includes(`seed-${target}`)).toBe(target === keyEnv);
      expect(names).not.toContain(`seed-${other(keyEnv)}`);
    },
  },
  {
    name: 'POST /api/v1/triggers',
    access: 'admin',
    send: (key, target, marker) => call('POST', '/api/v1/triggers', key, triggerBody(marker.slice(0, 60), target)),
    verify: async (response, keyEnv, target, marker) => {
      // On the other environment's dataset the trigger is refused, or made in the key's own.
      if (target === keyEnv) expect(response.status).toBe(201);
      if (response.status === 201) expect(await triggerNames(keyEnv)).toContain(marker.slice(0, 60));
      expect(await triggerNames(other(keyEnv))).not.toContain(marker.slice(0, 60));
    },
    unchanged: async (marker) => {
      for (const env of ENVS) expect(await triggerNames(env)).not.toContain(marker.slice(0, 60));
    },
  },
  {
    name: 'GET /api/v1/whoami',
    access: 'any',
    send: (key) => call('GET', '/api/v1/whoami', key),
    verify: async (response, keyEnv) => {
      expect(response.status).toBe(200);
      expect(((await response.json()) as { environment: string }).environment).toBe(keyEnv);
    },
  },
  {
    name: 'GET /1/auth',
    access: 'any',
    send: (key) => call('GET', '/1/auth', key),
    verify: async (response, keyEnv) => {
      expect(response.status).toBe(200);
      expect(((await response.json()) as { environment: { slug: string } }).environment.slug).toBe(keyEnv);
    },
  },
];

const GRANTS: Record<string, RouteAccess[]> = {
  ingest: ['ingest', 'any'],
  query: ['read', 'any'],
  admin: ['read', 'admin', 'any'],
};

describe('isolation matrix', () => {
  const tally = { allowed: 0, refused: 0 };

  it('admits each kind to its routes, within its own environment only', async () => {
    for (const endpoint of ENDPOINTS) {
      for (const credential of credentials) {
        for (const target of [credential.env, other(credential.env)]) {
          const marker = `m${++writeCounter}-${credential.label}-${target}`;
          const cell = `${endpoint.name} × ${credential.label} × ${target === credential.env ? 'own' : 'other'} environment`;
          const response = await endpoint.send(credential.text, target, marker);
          const allowed = GRANTS[credential.kind]?.includes(endpoint.access) ?? false;
          if (allowed) {
            await endpoint.verify(response, credential.env, target, marker).catch((error: Error) => {
              throw new Error(`${cell}: ${error.message}`);
            });
            tally.allowed++;
          } else {
            const expected = GRANTS[credential.kind] ? 403 : 401;
            expect(response.status, `${cell}: ${await response.text()}`).toBe(expected);
            await endpoint.unchanged?.(marker);
            tally.refused++;
          }
        }
      }
    }
    const cells = ENDPOINTS.length * credentials.length * 2;
    console.log(
      `isolation matrix: ${ENDPOINTS.length} endpoints × ${credentials.length} credentials × 2 environments = ${cells} cells; ${tally.allowed} allowed, ${tally.refused} refused`,
    );
    expect(tally.allowed + tally.refused).toBe(cells);
  });

  it('checks the endpoints above against what their routes declare', () => {
    for (const endpoint of ENDPOINTS) {
      const [method, path] = endpoint.name.split(' ');
      expect(declaredAccess(method, path), endpoint.name).toBe(endpoint.access);
    }
  });

  it('lists who may call every route', () => {
    expect(
      server.routes.map(({ method, path, access, runsQueries }) => `${method} ${path}: ${access}${runsQueries ? ', runs queries' : ''}`),
    ).toMatchSnapshot();
  });

  it('enforces every declared route for every credential, in its own and the other environment', async () => {
    for (const route of server.routes) {
      const method = route.method === 'ALL' ? 'GET' : route.method;
      // The other environment is a request of its own only where the path names something
      // (a dataset, a trace), and only for a valid key.
      const targetsOf = (credential: Credential) =>
        GRANTS[credential.kind] && route.path.includes(':') ? [credential.env, other(credential.env)] : [credential.env];
      const pairs = credentials.flatMap((credential) => targetsOf(credential).map((target) => ({ credential, target })));
      // A route's cells at once: they are independent, and the sweep stays quick.
      await Promise.all(
        pairs.map(async ({ credential, target }) => {
          const path = concretePath(route, target);
          const cell = `${route.method} ${route.path} (${method} ${path}) × ${credential.label} × ${target === credential.env ? 'own' : 'other'} environment`;
          const response = await call(method, path, credential.text, method === 'GET' || method === 'DELETE' ? undefined : {});
          const body = await response.text();
          const allowed = route.access === 'public' || (GRANTS[credential.kind]?.includes(route.access) ?? false);
          if (allowed) expect([401, 403], `${cell}: ${body}`).not.toContain(response.status);
          else expect(response.status, `${cell}: ${body}`).toBe(GRANTS[credential.kind] ? 403 : 401);
        }),
      );
    }
  });
});

function declaredAccess(method: string, path: string): RouteAccess | undefined {
  return server.routes.find((route) => route.method === method && route.path === path)?.access;
}

/** A path the route answers, its parameters filled for `target`, on datasets of their own. */
function concretePath(route: DeclaredRoute, target: Env): string {
  return route.path
    .replace(':dataset', `sweep-${target}`)
    .replace(':traceId', traceIdOf(target))
    .replace(/:\w+/g, 'no-such-id')
    .replace(/\*$/, 'no-such-route')
    .replace(/^no-such-route$/, '/no-such-page');
}
