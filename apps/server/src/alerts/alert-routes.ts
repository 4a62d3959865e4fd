// Triggers and SLOs over HTTP, one CRUD shape for both: `/api/v1/triggers` and
// `/api/v1/slos` (POST, GET, GET/PUT/DELETE `/:id`, GET `/:id/deliveries`), every change
// audited; `GET /api/v1/slos/:id/status` answers budget, burn rates, the burn-down and
// the BubbleUp request for the events that burned the budget.
import type { Context } from 'hono';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/principal.ts';
import { auditEntryOf } from '../control/audit-log.ts';
import { SloInputSchema, TriggerInputSchema } from '@flashlight/api';
import { AlertStore, newAlertItemId, type AlertKind, type StoredAlertItem } from './alert-store.ts';
import { countSloMinutes, windowStartOf } from './count-slo-minutes.ts';
import { readSloStatus, wholeMinute } from './evaluate-slo.ts';
import { badEventsBubbleUp } from './bad-events.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { parseInput } from '../http/parse-input.ts';
import { environmentOf } from '../http/environment.ts';
import type { ServerContext } from '../server-context.ts';
import { Routes } from '../http/routes.ts';

const MAX_ALERT_BODY_BYTES = 256 * 1024;
const KINDS: ReadonlyArray<{ kind: AlertKind; path: string; schema: z.ZodType }> = [
  { kind: 'trigger', path: '/api/v1/triggers', schema: TriggerInputSchema },
  { kind: 'slo', path: '/api/v1/slos', schema: SloInputSchema },
];
const DeliveriesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

const noItem = (kind: AlertKind, id: string) => new HttpError(404, `no ${kind} ${JSON.stringify(id)}`);

/** Webhook URLs often carry a token: only admins see them whole; others see the origin. */
function webhookUrlFor(c: Context, url: string): string {
  const { kind } = principalOf(c);
  return kind === 'admin' || kind === 'open' ? url : `${new URL(url).origin}/…`;
}

export function alertRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();
  let opened: Promise<AlertStore> | undefined;
  const alerts = () => (opened ??= AlertStore.open(ctx.control));

  const shown = async (c: Context, item: StoredAlertItem) => ({
    id: item.id,
    ...item.body,
    recipients: item.body.recipients.map((r) => ({ ...r, url: webhookUrlFor(c, r.url) })),
    created_by: item.createdBy,
    states: Object.fromEntries(await (await alerts()).states(item.id)),
  });
  const found = async <K extends AlertKind>(c: Context, kind: K): Promise<StoredAlertItem<K>> => {
    const id = c.req.param('id') ?? '';
    const item = await (await alerts()).item(kind, environmentOf(c), id);
    if (!item) throw noItem(kind, id);
    return item;
  };

  for (const { kind, path, schema } of KINDS) {
    const input = async (c: Context) => parseInput(schema, parseJsonBody(await readBody(c.req.raw, MAX_ALERT_BODY_BYTES))) as StoredAlertItem['body'];

    routes.post(path, 'admin', async (c) => {
      const body = await input(c);
      const item: StoredAlertItem = {
        kind,
        id: newAlertItemId(),
        environment: environmentOf(c),
        body,
        createdAt: new Date(ctx.clock.now()),
        createdBy: actorOf(principalOf(c)),
      };
      await (await alerts()).put(item, auditEntryOf(c, `${kind}.create`, `${kind}:${item.id}`, body));
      return c.json(await shown(c, item), 201);
    });

    routes.get(path, 'read', async (c) => c.json(await Promise.all((await (await alerts()).items(kind, environmentOf(c))).map((item) => shown(c, item)))));

    routes.get(`${path}/:id`, 'read', async (c) => c.json(await shown(c, await found(c, kind))));

    routes.put(`${path}/:id`, 'admin', async (c) => {
      const body = await input(c);
      const item = { ...(await found(c, kind)), body };
      await (await alerts()).put(item, auditEntryOf(c, `${kind}.update`, `${kind}:${item.id}`, body));
      return c.json(await shown(c, item));
    });

    routes.delete(`${path}/:id`, 'admin', async (c) => {
      const id = c.req.param('id');
      if (!(await (await alerts()).remove(kind, environmentOf(c), id, auditEntryOf(c, `${kind}.delete`, `${kind}:${id}`)))) throw noItem(kind, id);
      return c.json({ deleted: id });
    });

    routes.get(`${path}/:id/deliveries`, 'read', async (c) => {
      const { limit } = parseInput(DeliveriesQuerySchema, c.req.query());
      const item = await found(c, kind);
      const deliveries = await (await alerts()).deliveries(item.environment, item.id, limit);
      return c.json(deliveries.map((d) => ({ ...d, url: webhookUrlFor(c, d.url) })));
    });
  }

  routes.get('/api/v1/slos/:id/status', { access: 'read', runsQueries: true }, async (c) => {
    const slo = await found(c, 'slo');
    const now = new Date(ctx.clock.now());
    const end = wholeMinute(now);
    // Counting here too keeps the answer current between scheduler cycles; it only adds new minutes.
    await countSloMinutes(ctx.store, await alerts(), slo, end);
    const status = await readSloStatus(await alerts(), slo, now);
    return c.json({
      id: slo.id,
      name: slo.body.name,
      target_percent: slo.body.target_percent,
      ...status,
      bad_events: badEventsBubbleUp(slo.body, windowStartOf(slo, end), end),
    });
  });

  return routes;
}
