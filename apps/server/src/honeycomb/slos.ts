// Honeycomb's SLOs API over the native SLOs: `GET/POST /1/slos/{dataset}`, `GET/PUT/DELETE
// /1/slos/{dataset}/{id}`. Honeycomb's SLI is a calculated field that is true for a good
// event, false for a bad one, and absent for one that does not count; until calculated
// fields exist here, the SLI's alias names a boolean field of the dataset, which the
// native SLO reads the same way (scope: the field exists; good: it is true).
import { derivedColumnsAsColumns } from '../derived/derived-column-list.ts';
import type { Context } from 'hono';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/principal.ts';
import { auditEntryOf } from '../control/audit-log.ts';
import { SloInputSchema, type SloInput } from '@flashlight/api';
import { newAlertItemId, type StoredAlertItem } from '../alerts/alert-store.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { currentDate, datasetOf, type HoneycombContext } from './honeycomb-context.ts';
import { honeycombInput, validInput } from './honeycomb-input.ts';
import { TagsSchema } from './tags.ts';
import { Routes } from '../http/routes.ts';

export const SloBodySchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1023).default(''),
  sli: z.object({ alias: z.string().min(1).max(255) }),
  time_period_days: z.number().int().min(1).max(90),
  target_per_million: z.number().int().min(1).max(999_999),
  tags: TagsSchema,
  /** Honeycomb's SLOs over several datasets: here an SLO is over the dataset of its path. */
  dataset_slugs: z.array(z.string()).max(1).optional(),
});
type SloBody = z.infer<typeof SloBodySchema>;

export const SloSchema = SloBodySchema.omit({ dataset_slugs: true }).extend({ id: z.string(), created_at: z.string(), updated_at: z.string() });
export type HoneycombSlo = z.infer<typeof SloSchema>;

type SloExtras = Pick<SloBody, 'description' | 'tags'>;

/** The SLI field of a native SLO made by this API (or in the UI the same way); null otherwise. */
export function sliAliasOf(slo: SloInput): string | null {
  const [scope, good] = [slo.scope[0], slo.good[0]];
  const simple =
    slo.scope.length === 1 && slo.good.length === 1 && scope.op === 'exists' && good.op === '=' && good.value === true && scope.column === good.column;
  return simple ? good.column : null;
}

export function sloRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  const { alerts } = ctx;

  const view = async (c: Context, item: StoredAlertItem<'slo'>): Promise<HoneycombSlo> => {
    const extras = await ctx.objects.get<SloExtras>('slo', environmentOf(c), item.id);
    return {
      id: item.id,
      name: item.body.name,
      description: extras?.body.description ?? '',
      // An SLO made in the UI from other filters has no single SLI field to name.
      sli: { alias: sliAliasOf(item.body) ?? '' },
      time_period_days: item.body.window_days,
      target_per_million: Math.round(item.body.target_percent * 10_000),
      tags: extras?.body.tags ?? [],
      created_at: item.createdAt.toISOString(),
      updated_at: (extras?.updatedAt ?? item.createdAt).toISOString(),
    };
  };
  const found = async (c: Context, dataset: string) => {
    const id = c.req.param('id') ?? '';
    const item = await (await alerts()).item('slo', environmentOf(c), id);
    if (!item || item.body.dataset !== dataset) throw new HttpError(404, `SLO not found: no SLO ${JSON.stringify(id)} on ${JSON.stringify(dataset)}`);
    return item;
  };
  const nativeSlo = async (c: Context, dataset: string, body: SloBody, recipients: SloInput['recipients']): Promise<SloInput> => {
    if (body.dataset_slugs?.some((slug) => slug !== dataset))
      throw new HttpError(422, `dataset_slugs: an SLO here is over one dataset, the one in the path (${JSON.stringify(dataset)})`);
    // An SLI is usually a derived column, as in Honeycomb.
    const columns = [
      ...(await ctx.store.columns(environmentOf(c), dataset).catch(() => [])),
      ...(await derivedColumnsAsColumns(ctx, environmentOf(c), dataset)),
    ];
    const column = columns.find((col) => col.name === body.sli.alias);
    if (column?.type !== 'boolean') {
      throw new HttpError(
        422,
        `sli.alias: ${JSON.stringify(body.sli.alias)} must name a boolean field or derived column of ${JSON.stringify(dataset)} (true: good, false: bad)`,
      );
    }
    return validInput(SloInputSchema, {
      name: body.name,
      dataset,
      scope: [{ column: body.sli.alias, op: 'exists' }],
      good: [{ column: body.sli.alias, op: '=', value: true }],
      target_percent: body.target_per_million / 10_000,
      window_days: body.time_period_days,
      recipients,
    });
  };
  const save = async (c: Context, item: StoredAlertItem<'slo'>, { description, tags }: SloBody, action: string) => {
    await (await alerts()).put(item, auditEntryOf(c, action, `slo:${item.id}`, item.body));
    const extras: SloExtras = { description, tags };
    await ctx.objects.put({
      kind: 'slo',
      environment: item.environment,
      id: item.id,
      dataset: item.body.dataset,
      body: extras,
      createdAt: item.createdAt,
      updatedAt: currentDate(ctx),
    });
  };

  routes.get('/1/slos/:dataset', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const items = (await (await alerts()).items('slo', environmentOf(c))).filter((s) => s.body.dataset === dataset);
    return c.json(await Promise.all(items.map((item) => view(c, item))));
  });

  routes.get('/1/slos/:dataset/:id', 'read', async (c) => c.json(await view(c, await found(c, await datasetOf(ctx, c)))));

  routes.post('/1/slos/:dataset', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const body = await honeycombInput(c, SloBodySchema);
    const item: StoredAlertItem<'slo'> = {
      kind: 'slo',
      id: newAlertItemId(),
      environment: environmentOf(c),
      body: await nativeSlo(c, dataset, body, []),
      createdAt: currentDate(ctx),
      createdBy: actorOf(principalOf(c)),
    };
    await save(c, item, body, 'slo.create');
    return c.json(await view(c, item), 201);
  });

  // Its webhooks stay as they were: Honeycomb sets them on burn alerts, not on the SLO.
  routes.put('/1/slos/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const existing = await found(c, dataset);
    const body = await honeycombInput(c, SloBodySchema);
    const item = { ...existing, body: await nativeSlo(c, dataset, body, existing.body.recipients) };
    await save(c, item, body, 'slo.update');
    return c.json(await view(c, item));
  });

  routes.delete('/1/slos/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const item = await found(c, dataset);
    await (await alerts()).remove('slo', item.environment, item.id, auditEntryOf(c, 'slo.delete', `slo:${item.id}`));
    await ctx.objects.remove('slo', item.environment, item.id);
    return c.body(null, 204);
  });

  return routes;
}
