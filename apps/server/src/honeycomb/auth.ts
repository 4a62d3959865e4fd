// Honeycomb's key check, `GET /1/auth`: who the key is and what it may do, so clients and
// tools can validate their key. Each permission is true exactly when the routes it covers
// admit the key (each route declares its access where it is defined); there are no private boards.
import { z } from 'zod';
import { principalOf } from '../auth/principal.ts';
import { kindGrants } from '../auth/key-kind.ts';
import { Routes, type AccessClass } from '../http/routes.ts';

export const AuthSchema = z.object({
  id: z.string(),
  type: z.enum(['ingest', 'configuration']),
  api_key_access: z.object({
    events: z.boolean(),
    markers: z.boolean(),
    triggers: z.boolean(),
    boards: z.boolean(),
    queries: z.boolean(),
    columns: z.boolean(),
    createDatasets: z.boolean(),
    slos: z.boolean(),
    recipients: z.boolean(),
    privateBoards: z.boolean(),
  }),
  environment: z.object({ name: z.string(), slug: z.string() }),
  team: z.object({ name: z.string(), slug: z.string() }),
});
export type Auth = z.infer<typeof AuthSchema>;

export function authRoutes(): Routes {
  const routes = new Routes();
  routes.get('/1/auth', 'any', (c) => {
    const { environment, kind, keyId } = principalOf(c);
    const may = (access: AccessClass) => kind === 'open' || kindGrants(kind, access);
    const auth: Auth = {
      id: keyId ?? 'open',
      type: kind === 'ingest' ? 'ingest' : 'configuration',
      api_key_access: {
        events: may('ingest'),
        createDatasets: may('ingest'),
        queries: may('read'),
        // Honeycomb's "manage columns": reading them is a query key's, changing them an admin's.
        columns: may('admin'),
        markers: may('admin'),
        triggers: may('admin'),
        boards: may('admin'),
        slos: may('admin'),
        recipients: may('admin'),
        privateBoards: false,
      },
      environment: { name: environment, slug: environment },
      team: { name: 'flashlight', slug: 'flashlight' },
    };
    return c.json(auth);
  });
  return routes;
}
