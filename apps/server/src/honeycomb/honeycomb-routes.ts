// The Honeycomb REST API under /1/, one router per resource, each a thin translation onto
// the native features; errors answer in Honeycomb's problem shape. Each route declares
// the key it needs as its native counterpart does (sending events and creating datasets
// is ingest's, reading and running queries a query key's, changing things an admin's); where we differ from Honeycomb is in docs/honeycomb-api.md.
import type { ServerContext } from '../server-context.ts';
import { AlertStore } from '../alerts/alert-store.ts';
import { honeycombErrorHandler } from './honeycomb-error.ts';
import { HoneycombObjects } from './honeycomb-objects.ts';
import type { HoneycombContext } from './honeycomb-context.ts';
import { authRoutes } from './auth.ts';
import { datasetRoutes } from './datasets.ts';
import { columnRoutes } from './columns.ts';
import { markerRoutes } from './markers.ts';
import { markerSettingRoutes } from './marker-settings.ts';
import { queryRoutes } from './queries.ts';
import { queryResultRoutes } from './query-results.ts';
import { queryAnnotationRoutes } from './query-annotations.ts';
import { derivedColumnRoutes } from './derived-columns.ts';
import { boardRoutes } from './boards.ts';
import { triggerRoutes } from './triggers.ts';
import { sloRoutes } from './slos.ts';
import { burnAlertRoutes } from './burn-alerts.ts';
import { recipientRoutes } from './recipients.ts';
import { Routes } from '../http/routes.ts';

export function honeycombRoutes(serverCtx: ServerContext): Routes {
  let alerts: Promise<AlertStore> | undefined;
  const ctx: HoneycombContext = {
    ...serverCtx,
    objects: new HoneycombObjects(serverCtx.control),
    alerts: () => (alerts ??= AlertStore.open(serverCtx.control)),
  };
  const routes = new Routes();
  routes.app.onError(honeycombErrorHandler);
  for (const resource of [
    authRoutes(),
    datasetRoutes(ctx),
    columnRoutes(ctx),
    markerRoutes(ctx),
    markerSettingRoutes(ctx),
    queryRoutes(ctx),
    queryResultRoutes(ctx),
    queryAnnotationRoutes(ctx),
    derivedColumnRoutes(ctx),
    boardRoutes(ctx),
    triggerRoutes(ctx),
    sloRoutes(ctx),
    burnAlertRoutes(ctx),
    recipientRoutes(ctx),
  ]) {
    routes.mount(resource);
  }
  return routes;
}
