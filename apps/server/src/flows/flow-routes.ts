// The flow APIs: `GET /api/v1/service-map`, `/api/v1/vendors` and `/api/v1/gaps`, each
// over `time_range` (seconds) or `start_time`/`end_time` (unix seconds), with `filters`
// (a JSON list in QuerySpec filter syntax) and `filter_combination` selecting traces.
import type { Context } from 'hono';
import { QueryError } from '@flashlight/query';
import { resolveFlowScope, type FlowRequest, type FlowScope } from './flow-scope.ts';
import { buildServiceMap } from './service-map.ts';
import { buildVendorScorecards } from './vendor-scorecards.ts';
import { findInstrumentationGaps } from './instrumentation-gaps.ts';
import { HttpError } from '../http/http-error.ts';
import { environmentOf } from '../http/environment.ts';
import { timeParams } from '../http/time-params.ts';
import { filtersParam } from '../http/filters-param.ts';
import type { ServerContext } from '../server-context.ts';
import type { Store } from '../store/store.ts';
import { Routes } from '../http/routes.ts';

function flowRequest(c: Context): FlowRequest {
  const combination = c.req.query('filter_combination');
  if (combination !== undefined && combination !== 'AND' && combination !== 'OR') throw new HttpError(400, 'filter_combination must be AND or OR');
  return {
    ...timeParams(c.req.query()),
    filters: filtersParam(c.req.query('filters')),
    filter_combination: combination,
  };
}

function flowRoute<T>(ctx: ServerContext, answer: (store: Store, scope: FlowScope) => Promise<T>) {
  return async (c: Context) => {
    const request = flowRequest(c);
    try {
      const scope = await resolveFlowScope(ctx.store, environmentOf(c), request, new Date(ctx.clock.now()));
      return c.json(await answer(ctx.store, scope));
    } catch (error) {
      if (error instanceof QueryError) return c.json({ error: error.message, path: error.path }, 400);
      throw error;
    }
  };
}

export function flowRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();
  routes.get('/api/v1/service-map', { access: 'read', runsQueries: true }, flowRoute(ctx, buildServiceMap));
  routes.get('/api/v1/vendors', { access: 'read', runsQueries: true }, flowRoute(ctx, buildVendorScorecards));
  routes.get('/api/v1/gaps', { access: 'read', runsQueries: true }, flowRoute(ctx, findInstrumentationGaps));
  return routes;
}
