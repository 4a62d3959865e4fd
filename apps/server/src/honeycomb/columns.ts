// Honeycomb's columns API: `GET/POST /1/columns/{dataset}` (`?key_name=` finds one),
// `GET/PUT/DELETE /1/columns/{dataset}/{id}`. Columns come from the events themselves;
// what the API adds is a description and `hidden`, and columns declared before any event
// carries them. A column's type follows its data (the store decides it from the first
// value), and a column with data is hidden, not deleted: the events keep their fields.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import { auditEntryOf } from '../control/audit-log.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import type { ColumnInfo } from '../store/store.ts';
import { currentDate, datasetOf, type HoneycombContext } from './honeycomb-context.ts';
import { honeycombInput } from './honeycomb-input.ts';
import { Routes } from '../http/routes.ts';

const COLUMN_TYPES = ['string', 'float', 'integer', 'boolean'] as const;

export const ColumnInputSchema = z.object({
  key_name: z.string().min(1).max(255),
  type: z.enum(COLUMN_TYPES).default('string'),
  description: z.string().max(255).default(''),
  hidden: z.boolean().default(false),
});
export const ColumnUpdateSchema = ColumnInputSchema.partial();

export const ColumnSchema = z.object({
  id: z.string(),
  key_name: z.string(),
  type: z.enum(COLUMN_TYPES),
  description: z.string(),
  hidden: z.boolean(),
  last_written: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Column = z.infer<typeof ColumnSchema>;
type ColumnInput = z.infer<typeof ColumnInputSchema>;

/** Stable without storage: the same dataset and name always give the same id. */
export function columnId(dataset: string, keyName: string): string {
  return createHash('sha256').update(`${dataset}\u0000${keyName}`).digest('base64url').slice(0, 11);
}

export function columnRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();

  /** Every column of the dataset: those with data (with their API settings) and those only declared. */
  const columns = async (c: Context, dataset: string): Promise<Column[]> => {
    const environment = environmentOf(c);
    const known = await ctx.store.datasets(environment);
    const stored: ColumnInfo[] = known.some((d) => d.name === dataset) ? await ctx.store.columns(environment, dataset) : [];
    const settings = new Map((await ctx.objects.list<ColumnInput>('column', environment, dataset)).map((o) => [o.body.key_name, o]));
    const shown: Column[] = stored.map((column) => {
      const set = settings.get(column.name);
      return {
        id: columnId(dataset, column.name),
        key_name: column.name,
        type: column.type,
        description: set?.body.description ?? '',
        hidden: set?.body.hidden ?? false,
        last_written: column.lastSeen.toISOString(),
        created_at: column.firstSeen.toISOString(),
        updated_at: (set?.updatedAt ?? column.firstSeen).toISOString(),
      };
    });
    const named = new Set(stored.map((s) => s.name));
    for (const set of settings.values()) {
      if (named.has(set.body.key_name)) continue;
      const { key_name, type, description, hidden } = set.body;
      shown.push({
        id: set.id,
        key_name,
        type,
        description,
        hidden,
        last_written: null,
        created_at: set.createdAt.toISOString(),
        updated_at: set.updatedAt.toISOString(),
      });
    }
    return shown;
  };
  const found = async (c: Context, dataset: string): Promise<Column> => {
    const id = c.req.param('id') ?? '';
    const column = (await columns(c, dataset)).find((col) => col.id === id);
    if (!column) throw new HttpError(404, `Column not found: no column with id ${JSON.stringify(id)} in ${JSON.stringify(dataset)}`);
    return column;
  };
  const save = (c: Context, dataset: string, column: Column, createdAt: Date, action: string) => {
    const body: ColumnInput = { key_name: column.key_name, type: column.type, description: column.description, hidden: column.hidden };
    return ctx.objects.put(
      { kind: 'column', environment: environmentOf(c), id: column.id, dataset, body, createdAt, updatedAt: currentDate(ctx) },
      auditEntryOf(c, action, `column:${dataset}/${column.key_name}`, body),
    );
  };
  const refetch = async (c: Context, dataset: string, id: string) => (await columns(c, dataset)).find((col) => col.id === id)!;

  routes.get('/1/columns/:dataset', 'read', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const all = await columns(c, dataset);
    const keyName = c.req.query('key_name');
    if (keyName === undefined) return c.json(all);
    const column = all.find((col) => col.key_name === keyName);
    if (!column) throw new HttpError(404, `Column not found: no column ${JSON.stringify(keyName)} in ${JSON.stringify(dataset)}`);
    return c.json(column);
  });

  routes.get('/1/columns/:dataset/:id', 'read', async (c) => c.json(await found(c, await datasetOf(ctx, c))));

  routes.post('/1/columns/:dataset', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const input = await honeycombInput(c, ColumnInputSchema);
    if ((await columns(c, dataset)).some((col) => col.key_name === input.key_name)) {
      throw new HttpError(409, `column ${JSON.stringify(input.key_name)} already exists in ${JSON.stringify(dataset)}`);
    }
    const id = columnId(dataset, input.key_name);
    const now = currentDate(ctx);
    await save(c, dataset, { ...input, id, last_written: null, created_at: now.toISOString(), updated_at: now.toISOString() }, now, 'column.create');
    return c.json(await refetch(c, dataset, id), 201);
  });

  routes.put('/1/columns/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const column = await found(c, dataset);
    const input = await honeycombInput(c, ColumnUpdateSchema);
    if (input.key_name !== undefined && input.key_name !== column.key_name)
      throw new HttpError(422, 'key_name: columns cannot be renamed; their name is the events’ field name');
    if (input.type !== undefined && input.type !== column.type && column.last_written !== null) {
      throw new HttpError(422, `type: column ${JSON.stringify(column.key_name)} is ${column.type}, as its data is; a column's type follows its data`);
    }
    await save(c, dataset, { ...column, ...input }, new Date(column.created_at), 'column.update');
    return c.json(await refetch(c, dataset, column.id));
  });

  routes.delete('/1/columns/:dataset/:id', 'admin', async (c) => {
    const dataset = await datasetOf(ctx, c);
    const column = await found(c, dataset);
    if (column.last_written === null) {
      await ctx.objects.remove('column', environmentOf(c), column.id, auditEntryOf(c, 'column.delete', `column:${dataset}/${column.key_name}`));
      return c.body(null, 204);
    }
    await save(c, dataset, { ...column, hidden: true }, new Date(column.created_at), 'column.hide');
    return c.body(null, 204, { 'x-flashlight-warning': `column ${JSON.stringify(column.key_name)} has data, which is kept: it is hidden instead` });
  });

  return routes;
}
