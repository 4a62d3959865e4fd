// Key management and identity: `POST /api/v1/keys` (the key text, once), `GET
// /api/v1/keys` (no secrets), `DELETE /api/v1/keys/:id` and `GET /api/v1/whoami` for the
// UI's sign-in (Honeycomb clients' `GET /1/auth` is in honeycomb/). An admin key manages its own
// environment only; in open loopback mode any environment may be given, which is how the
// first key is made.
import type { Context } from 'hono';
import { issueSentence } from '@flashlight/query';
import { HttpError } from '../http/http-error.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { readBody } from '../http/read-body.ts';
import { NewApiKeySchema } from '@flashlight/api';
import type { ApiKeyView, KeyRing } from './key-ring.ts';
import { actorOf, principalOf } from './principal.ts';
import { Routes } from '../http/routes.ts';

export function keyRoutes(keys: KeyRing, maxBodyBytes: number): Routes {
  const routes = new Routes();

  routes.get('/api/v1/whoami', 'any', (c) => {
    const { environment, kind, name, keyId } = principalOf(c);
    return c.json({ environment, kind, name, keyId, open: kind === 'open' });
  });

  routes.post('/api/v1/keys', 'admin', async (c) => {
    const parsed = NewApiKeySchema.safeParse(parseJsonBody(await readBody(c.req.raw, maxBodyBytes)));
    if (!parsed.success) {
      throw new HttpError(400, `${issueSentence(parsed.error.issues[0], 'the key')}; send {"name", "kind": "ingest" | "query" | "admin", "environment"}`);
    }
    const principal = principalOf(c);
    if (principal.kind !== 'open' && parsed.data.environment !== principal.environment) {
      throw new HttpError(403, `this admin key manages environment "${principal.environment}" only`);
    }
    const { key, text } = await keys.create(parsed.data, actorOf(principal));
    return c.json({ ...key, key: text, note: 'store this key now: it is shown only once' }, 201);
  });

  routes.get('/api/v1/keys', 'admin', (c) => c.json(keys.list(visibleEnvironment(c))));

  routes.delete('/api/v1/keys/:id', 'admin', async (c) => {
    const key = keys.find(c.req.param('id'));
    const environment = visibleEnvironment(c);
    // A key of another environment is reported as missing: its existence is not ours to tell.
    if (!key || (environment !== undefined && key.environment !== environment)) {
      throw new HttpError(404, `no API key "${c.req.param('id')}"`);
    }
    const revoked = (await keys.revoke(key.id, actorOf(principalOf(c)))) as ApiKeyView;
    return c.json(revoked);
  });

  return routes;
}

/** The environment whose keys a request sees; undefined (all) in open mode. */
function visibleEnvironment(c: Context): string | undefined {
  const principal = principalOf(c);
  return principal.kind === 'open' ? undefined : principal.environment;
}
