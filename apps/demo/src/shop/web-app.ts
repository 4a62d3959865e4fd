// web: the monolith that grew. Serves the storefront page and its JSON API, and calls
// identity, catalog, reviews, orders, support-ingest and the flag vendor for it. Also
// serves the demo's control page at /_demo.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addFields, flag, withFields } from '@flashlight/node';
import { serviceUrl } from '../topology.ts';
import { controlRoutes } from '../control/control-page.ts';
import { callJson, HttpFailure, startJsonService, type ShopRequest } from './json-service.ts';
import { shopEnv } from './service-env.ts';
import { vendorCall } from './vendor-calls.ts';
import { storefrontHtml, STOREFRONT_BUNDLE } from '../storefront/pages.ts';

const { topology, state, dataDir } = shopEnv();
const stateFile = process.env.DEMO_STATE_FILE!;
const flashlightUrl = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://127.0.0.1:4318';
const service = (name: Parameters<typeof serviceUrl>[1]) => serviceUrl(topology, name);

interface User {
  id: string;
  team: string;
  plan: string;
}

/** Every API request names its shopper; the user and team become fields of every span below. */
async function asShopper<T>(request: ShopRequest, work: (user: User) => Promise<T>): Promise<T> {
  const userId = String(request.headers['x-shop-user'] ?? '');
  if (!/^u\d+$/.test(userId)) throw new HttpFailure(400, 'x-shop-user header must name a shopper like u42');
  const user = await callJson<User>(`${service('identity')}/users/${userId}`);
  addFields({ 'user.id': user.id, 'app.team': user.team, 'user.plan': user.plan });
  return withFields({ 'user.id': user.id, 'app.team': user.team }, () => work(user));
}

// The flag vendor is a vendor like any other: its call is wrapped, so the map and the
// scorecards name it, and its time limit ends the request before flag() gives up waiting.
const FLAG_TIMEOUT_MS = 300;
const evaluateFlag = (key: string, context: Record<string, unknown>) =>
  vendorCall<{ value: boolean; variant: string; reason: string }>(
    topology,
    'flags',
    'evaluate',
    '/evaluate',
    { key, context },
    { timeoutMs: FLAG_TIMEOUT_MS - 50 },
  );

await startJsonService(topology.services.web, {
  'GET /': ({ query }) => ({
    raw: {
      contentType: 'text/html; charset=utf-8',
      body: storefrontHtml({ flashlightUrl, build: query.get('build') === 'bad' ? 'bad' : 'good', user: query.get('user') }),
    },
  }),
  'GET /storefront.js': async () => ({ raw: { contentType: 'text/javascript', body: await readFile(path.join(dataDir, STOREFRONT_BUNDLE)) } }),

  'GET /api/products': (request) =>
    asShopper(request, async (user) => {
      const page = Number(request.query.get('page') ?? 1);
      const grid = await flag('infinite-scroll-v2', { targetingKey: user.id, team: user.team }, false, evaluateFlag, {
        provider: 'flags',
        timeoutMs: FLAG_TIMEOUT_MS,
      });
      const list = await callJson<{ products: Array<{ id: number }>; last: boolean }>(`${service('catalog')}/products?page=${page}`);
      const ids = list.products.map((p) => p.id).join(',');
      const { ratings } = await callJson<{ ratings: unknown[] }>(`${service('reviews')}/ratings?ids=${ids}`);
      return { ...list, ratings, layout: grid ? 'infinite' : 'paged' };
    }),

  'GET /api/products/:id': (request) =>
    asShopper(request, async () => {
      const product = await callJson(`${service('catalog')}/products/${encodeURIComponent(request.params.id)}`);
      const { ratings } = await callJson<{ ratings: unknown[] }>(`${service('reviews')}/ratings?ids=${Number(request.params.id)}`);
      return { product, rating: ratings[0] ?? null };
    }),

  'POST /api/checkout': (request) =>
    asShopper(request, async (user) => {
      const { lines } = (request.body ?? {}) as { lines?: unknown[] };
      if (!Array.isArray(lines) || lines.length === 0) throw new HttpFailure(400, 'checkout needs lines');
      const order = await callJson(`${service('orders')}/orders`, { body: { userId: user.id, team: user.team, lines } });
      void vendorCall(topology, 'metrics', 'track', '/track', { event: 'checkout', team: user.team }, { timeoutMs: 300, fallback: null });
      return order;
    }),

  'POST /api/support': (request) =>
    asShopper(request, async (user) => {
      const { subject } = (request.body ?? {}) as { subject?: string };
      return callJson(`${service('support-ingest')}/inbound`, { body: { from: `${user.id}@example.com`, userId: user.id, subject: subject ?? 'help' } });
    }),

  ...controlRoutes(stateFile, state.current, flashlightUrl),
});
