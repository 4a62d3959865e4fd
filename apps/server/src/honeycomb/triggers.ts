// Honeycomb's triggers API over the native triggers: `GET/POST /1/triggers/{dataset}`,
// `GET/PUT/DELETE /1/triggers/{dataset}/{id}`. A trigger's query is inline or a saved
// query's id; it is checked every `frequency` seconds over its `time_range`, and notifies
// its webhooks when it starts or stops firing (Honeycomb's `on_change`).
import type { Context } from 'hono';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/principal.ts';
import { auditEntryOf } from '../control/audit-log.ts';
import { TriggerInputSchema, THRESHOLD_OPS, type TriggerInput } from '@flashlight/api';
import { newAlertItemId, type StoredAlertItem } from '../alerts/alert-store.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { currentDate, datasetOf, type HoneycombContext } from './honeycomb-context.ts';
import { honeycombInput, validInput } from './honeycomb-input.ts';
import { checkSpec, saveQuery, savedQuery, type SavedSpec } from './queries.ts';
import { TagsSchema } from './tags.ts';
import { RecipientSchema, recipientBook } from './recipients.ts';
import { Routes } from '../http/routes.ts';

/** Honeycomb's default query time range, used when a trigger's query gives none. */
const DEFAULT_TIME_RANGE_S = 7200;
const TRIGGER_QUERY_KEYS = new Set(['calculations', 'filters', 'filter_combination', 'breakdowns', 'time_range']);

export const TriggerBodySchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1023).default(''),
  /** Omitted on a change, it stays as it was (as Honeycomb does); a new trigger is enabled. */
  disabled: z.boolean().optional(),
  query: z.record(z.string(), z.unknown()).optional(),
  query_id: z.string().optional(),
  threshold: z.object({
    op: z.enum(THRESHOLD_OPS),
    value: z.number(),
    exceeded_limit: z.literal(1, 'only 1 is supported: a trigger fires on the first check over its threshold').default(1),
  }),
  frequency: z.number().int().default(900),
  alert_type: z.literal('on_change', 'only on_change is supported: notifications go out when a trigger starts or stops firing').default('on_change'),
  evaluation_schedule_type: z.literal('frequency', 'only the frequency schedule is supported').default('frequency'),
  recipients: z.array(RecipientSchema).max(20).default([]),
  tags: TagsSchema,
  /** Comparing with an earlier window changes what fires: refused rather than ignored. */
  baseline_details: z.null('comparing with an earlier window (baseline_details) is not supported').optional(),
});
type TriggerBody = z.infer<typeof TriggerBodySchema>;

/** What the native trigger has no place for. */
interface TriggerExtras {
  description: string;
  tags: TriggerBody['tags'];
  /** The saved query it was made from; an inline query is saved too, as Honeycomb does. */
  query_id: string;
}

export const TriggerSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  disabled: z.boolean(),
  triggered: z.boolean(),
  query: z.record(z.string(), z.unknown()),
  query_id: z.string(),
  threshold: z.object({ op: z.string(), value: z.number(), exceeded_limit: z.number() }),
  frequency: z.number(),
  alert_type: z.string(),
  evaluation_schedule_type: z.string(),
  recipients: z.array(RecipientSchema),
  tags: TagsSchema,
  created_at: z.string(),
  updated_at: z.string(),
});
export type HoneycombTrigger = z.infer<typeof TriggerSchema>;

function nativeTrigger(dataset: string, body: TriggerBody, spec: SavedSpec, disabled: boolean, book: Awaited<ReturnType<typeof recipientBook>>): TriggerInput {
  const other = Object.keys(spec).find((key) => !TRIGGER_QUERY_KEYS.has(key));
  if (other) throw new HttpError(422, `query.${other}: a trigger's query takes only ${[...TRIGGER_QUERY_KEYS].join(', ')}`);
  const calculations = Array.isArray(spec.calculations) ? spec.calculations : [];
  if (calculations.length !== 1) throw new HttpError(422, 'query.calculations: a trigger needs exactly one calculation');
  const recipients = body.recipients.map((r, i) => book.webhookOf(r, `recipients.${i}`));
  return validInput(TriggerInputSchema, {
    name: body.name,
    dataset,
    query: { calculation: calculations[0], filters: spec.filters, filter_combination: spec.filter_combination, breakdowns: spec.breakdowns },
    threshold: { op: body.threshold.op, value: body.threshold.value },
    frequency_seconds: body.frequency,
    duration_seconds: spec.time_range ?? DEFAULT_TIME_RANGE_S,
    recipients,
    disabled,
  });
}

export function triggerRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  const { alerts } = ctx;

  const view = async (c: Context, item: StoredAlertItem<'trigger'>): Promise<HoneycombTrigger> => {
    const extras = await ctx.objects.get<TriggerExtras>('trigger', environmentOf(c), item.id);
    const states = await (await alerts()).states(item.id);
    const book = await recipientBook(ctx, item.environment);
    const { query, threshold } = item.body;
    return {
      id: item.id,
      name: item.body.name,
      description: extras?.body.description ?? '',
      disabled: item.body.disabled,
      triggered: [...states.values()].includes('triggered'),
      query: {
        calculations: [query.calculation],
        filters: query.filters,
        filter_combination: query.filter_combination,
        breakdowns: query.breakdowns,
        time_range: item.body.duration_seconds,
      },
      query_id: extras?.body.query_id ?? '',
      threshold: { ...threshold, exceeded_limit: 1 },
      frequency: item.body.frequency_seconds,
      alert_type: 'on_change',
      evaluation_schedule_type: 'frequency',
      recipients: item.body.recipients.map((r) => book.recipientOf(r)),
      tags: extras?.body.tags ?? [],
      created_at: item.createdAt.toISOString(),
      updated_at: (extras?.updatedAt ?? item.createdAt).toISOString(),
    };
  };
  const found = async (c: Context, dataset: string) => {
    const id = c.req.param('id') ?? '';
    const item = await (await alerts()).item('trigger', environmentOf(c), id);
    if (!item || item.body.dataset !== dataset) throw new HttpError(404, `Trigger not found: no trigger ${JSON.stringify(id)} on ${JSON.stringify(dataset)}`);
    return item;
  };
  /** The native trigger and its extras from a Honeycomb body. */
  const translate = async (c: Context, dataset: string, existing?: StoredAlertItem<'trigger'>) => {
    const body = await honeycombInput(c, TriggerBodySchema);
    if ((body.query === undefined) === (body.query_id === undefined)) throw new HttpError(422, 'query: send either a query or a query_id');
    if (body.query_id === undefined) await checkSpec(ctx, environmentOf(c), dataset, body.query);
    const saved = body.query_id === undefined ? await saveQuery(ctx, environmentOf(c), dataset, body.query!) : await savedQuery(ctx, c, dataset, body.query_id);
    const disabled = body.disabled ?? existing?.body.disabled ?? false;
    const book = await recipientBook(ctx, environmentOf(c));
    return { native: nativeTrigger(dataset, body, saved.body, disabled, book), extras: { description: body.description, tags: body.tags, query_id: saved.id } };
  };
  const save = async (c: Context, item: StoredAlertItem<'trigger'>, extras: TriggerExtras, action: string) => {
    await (await alerts()).put(item, auditEntryOf(c, action, `trigger:${item.id}`, item.body));
    const now = currentDate(ctx);
    await ctx.objects.put({
      kind: 'trigger',
      environment: item.environment,
      id: item.id,
      dataset: item.body.dataset,
      body: extras,
      createdAt: item.createdAt,
      updatedAt: now,
    });
  };

  routes.get('/1/triggers/:dataset', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const items = (await (await alerts()).items('trigger', environmentOf(c))).filter((t) => t.body.dataset === dataset);
    return c.json(await Promise.all(items.map((item) => view(c, item))));
  });

  routes.get('/1/triggers/:dataset/:id', 'read', async (c) => c.json(await view(c, await found(c, await datasetOf(ctx, c, { environmentWide: true })))));

  routes.post('/1/triggers/:dataset', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const { native, extras } = await translate(c, dataset);
    const item: StoredAlertItem<'trigger'> = {
      kind: 'trigger',
      id: newAlertItemId(),
      environment: environmentOf(c),
      body: native,
      createdAt: currentDate(ctx),
      createdBy: actorOf(principalOf(c)),
    };
    await save(c, item, extras, 'trigger.create');
    return c.json(await view(c, item), 201);
  });

  routes.put('/1/triggers/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const existing = await found(c, dataset);
    const { native, extras } = await translate(c, dataset, existing);
    const item = { ...existing, body: native };
    await save(c, item, extras, 'trigger.update');
    return c.json(await view(c, item));
  });

  routes.delete('/1/triggers/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c, { environmentWide: true });
    const item = await found(c, dataset);
    await (await alerts()).remove('trigger', item.environment, item.id, auditEntryOf(c, 'trigger.delete', `trigger:${item.id}`));
    await ctx.objects.remove('trigger', item.environment, item.id);
    return c.body(null, 204);
  });

  return routes;
}
