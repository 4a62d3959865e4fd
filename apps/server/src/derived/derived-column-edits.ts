// Creating, changing and deleting a saved derived column, for both APIs that do it
// (Honeycomb's /1/derived_columns and /api/v1): the expression is checked against the
// dataset's fields and its other derived columns before it is saved, so a saved column
// always works; each change is committed with its audit entry.
import type { Context } from 'hono';
import { checkExpression, ExpressionError } from '@flashlight/query';
import type { DerivedColumn, DerivedColumnInput } from '@flashlight/api';
import { HttpError } from '../http/http-error.ts';
import { auditEntryOf } from '../control/audit-log.ts';
import type { ServerContext } from '../server-context.ts';
import { EVERY_DATASET, newDerivedColumnId, type SavedDerivedColumn } from './derived-column-store.ts';

/** The columns a dataset sees; 404 for an unknown id. */
export async function derivedColumnOf(ctx: ServerContext, environment: string, dataset: string, id: string): Promise<SavedDerivedColumn> {
  const found = (await ctx.derivedColumns.list(environment)).find((c) => c.id === id && c.dataset === dataset);
  if (!found) throw new HttpError(404, `Derived column not found: no derived column ${JSON.stringify(id)} in ${JSON.stringify(dataset)}`);
  return found;
}

/** Checks and saves a new column (no `existing`) or a change to one; 422 naming the fault where the expression does not work. */
export async function saveDerivedColumn(
  ctx: ServerContext,
  c: Context,
  environment: string,
  dataset: string,
  input: DerivedColumnInput,
  existing?: SavedDerivedColumn,
): Promise<SavedDerivedColumn> {
  const datasets = dataset === EVERY_DATASET ? '__all__' : [dataset];
  const fields = (await ctx.store.target(environment, datasets))?.fields ?? new Map();
  const others = (await ctx.derivedColumns.list(environment, dataset === EVERY_DATASET ? undefined : [dataset])).filter((d) => d.id !== existing?.id);
  if (fields.has(input.alias)) throw new HttpError(422, `alias: ${JSON.stringify(input.alias)} is already a column`);
  if (others.some((d) => d.alias === input.alias)) throw new HttpError(409, `alias: a derived column ${JSON.stringify(input.alias)} already exists`);
  try {
    // With the column's new definition among the others, a change that closes a cycle is seen.
    const derived = new Map([...others.map((d): [string, string] => [d.alias, d.expression]), [input.alias, input.expression]]);
    checkExpression(input.expression, { fields, derived }, input.alias);
  } catch (error) {
    if (error instanceof ExpressionError) throw new HttpError(422, `expression: ${error.message}`);
    throw error;
  }
  const now = new Date();
  const column: SavedDerivedColumn = {
    id: existing?.id ?? newDerivedColumnId(),
    environment,
    dataset,
    ...input,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const action = existing ? 'derived_column.update' : 'derived_column.create';
  await ctx.derivedColumns.put(column, auditEntryOf(c, action, `derived_column:${column.id}`, { dataset, ...input }));
  return column;
}

export async function deleteDerivedColumn(ctx: ServerContext, c: Context, environment: string, column: SavedDerivedColumn): Promise<void> {
  await ctx.derivedColumns.remove(environment, column.id, auditEntryOf(c, 'derived_column.delete', `derived_column:${column.id}`, { alias: column.alias }));
}

/** A derived column as both APIs answer it (Honeycomb's shape). */
export function derivedColumnView(column: SavedDerivedColumn): DerivedColumn {
  return {
    id: column.id,
    alias: column.alias,
    expression: column.expression,
    description: column.description,
    created_at: column.createdAt.toISOString(),
    updated_at: column.updatedAt.toISOString(),
  };
}
