// A dataset's derived columns listed with its sent columns, each with the type its
// expression has, so field pickers offer them wherever they offer a column.
import { checkExpression, derivedFieldType, ExpressionError, type FieldType } from '@flashlight/query';
import type { ServerContext } from '../server-context.ts';

export interface DerivedColumnAsColumn {
  name: string;
  type: FieldType;
  firstSeen: string;
  lastSeen: string;
  expression: string;
}

/** A column whose expression no longer checks (a field it reads was deleted) is left out until it is fixed. */
export async function derivedColumnsAsColumns(ctx: ServerContext, environment: string, dataset: string): Promise<DerivedColumnAsColumn[]> {
  const target = await ctx.store.target(environment, [dataset]);
  if (!target?.derived) return [];
  const scope = { fields: target.fields, derived: target.derived };
  const saved = await ctx.derivedColumns.list(environment, [dataset]);
  return saved.flatMap((column) => {
    try {
      const type = derivedFieldType(checkExpression(column.expression, scope, column.alias));
      return [{ name: column.alias, type, firstSeen: column.createdAt.toISOString(), lastSeen: column.updatedAt.toISOString(), expression: column.expression }];
    } catch (error) {
      if (error instanceof ExpressionError) return [];
      throw error;
    }
  });
}
