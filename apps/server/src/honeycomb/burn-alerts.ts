// Honeycomb's burn alerts, `/1/burn_alerts/{dataset}`: here every SLO has the same two,
// fixed (fast: the last hour and five minutes both burning at 14.4x; slow: six hours and
// thirty minutes at 6x), so they are listed as Honeycomb's `budget_rate` alerts of the
// budget share they spend in their window, and cannot be created, changed or deleted.
import type { Context } from 'hono';
import { z } from 'zod';
import type { StoredAlertItem } from '../alerts/alert-store.ts';
import { BURN_ALERT_RULES, type BurnAlertRule } from '../alerts/slo-status.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { datasetOf, type HoneycombContext } from './honeycomb-context.ts';
import { RecipientSchema, type Recipient, recipientBook } from './recipients.ts';
import { Routes } from '../http/routes.ts';

export const FIXED_BURN_ALERTS =
  'burn alerts are fixed here: every SLO fires fast_burn (1 h and 5 min at 14.4x) and slow_burn (6 h and 30 min at 6x) to its webhooks, which PUT /api/v1/slos/{id} sets';

export const BurnAlertSchema = z.object({
  id: z.string(),
  alert_type: z.literal('budget_rate'),
  description: z.string(),
  triggered: z.boolean(),
  slo: z.object({ id: z.string() }),
  budget_rate_window_minutes: z.number(),
  budget_rate_decrease_threshold_per_million: z.number(),
  recipients: z.array(RecipientSchema),
  created_at: z.string(),
  updated_at: z.string(),
});
export type BurnAlert = z.infer<typeof BurnAlertSchema>;

const burnAlertId = (sloId: string, rule: BurnAlertRule) => `${sloId}-${rule.name}`;

function burnAlertView(slo: StoredAlertItem<'slo'>, rule: BurnAlertRule, state: string | undefined, recipients: Recipient[]): BurnAlert {
  // Burning at `factor` for the window spends factor × window / period of the budget.
  const share = (rule.factor * rule.longMinutes) / (slo.body.window_days * 1440);
  return {
    id: burnAlertId(slo.id, rule),
    alert_type: 'budget_rate',
    description: `${rule.name}: ${rule.longMinutes} min and ${rule.shortMinutes} min both burning at ${rule.factor}x`,
    triggered: state === 'firing',
    slo: { id: slo.id },
    budget_rate_window_minutes: rule.longMinutes,
    budget_rate_decrease_threshold_per_million: Math.round(share * 1_000_000),
    recipients,
    created_at: slo.createdAt.toISOString(),
    updated_at: slo.createdAt.toISOString(),
  };
}

export function burnAlertRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  const { alerts } = ctx;
  const alertsOf = async (c: Context, dataset: string, sloId: string): Promise<BurnAlert[]> => {
    const slo = await (await alerts()).item('slo', environmentOf(c), sloId);
    if (!slo || slo.body.dataset !== dataset) throw new HttpError(404, `SLO not found: no SLO ${JSON.stringify(sloId)} on ${JSON.stringify(dataset)}`);
    const states = await (await alerts()).states(slo.id);
    const book = await recipientBook(ctx, slo.environment);
    const recipients = slo.body.recipients.map((r) => book.recipientOf(r));
    return BURN_ALERT_RULES.map((rule) => burnAlertView(slo, rule, states.get(rule.name), recipients));
  };

  routes.get('/1/burn_alerts/:dataset', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const sloId = c.req.query('slo_id');
    if (!sloId) throw new HttpError(422, 'slo_id: the SLO whose burn alerts to list');
    return c.json(await alertsOf(c, dataset, sloId));
  });

  routes.get('/1/burn_alerts/:dataset/:id', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const id = c.req.param('id');
    const rule = BURN_ALERT_RULES.find((r) => id.endsWith(`-${r.name}`));
    const alert = rule && (await alertsOf(c, dataset, id.slice(0, -rule.name.length - 1)).catch(() => [])).find((a) => a.id === id);
    if (!alert) throw new HttpError(404, `Burn alert not found: no burn alert ${JSON.stringify(id)}`);
    return c.json(alert);
  });

  for (const path of ['/1/burn_alerts/:dataset', '/1/burn_alerts/:dataset/:id']) {
    routes.on(['POST', 'PUT', 'DELETE'], path, 'admin', () => {
      throw new HttpError(422, FIXED_BURN_ALERTS);
    });
  }

  return routes;
}
