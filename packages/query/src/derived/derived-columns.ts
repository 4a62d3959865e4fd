// The derived columns one query reads, keyed as the plan names columns, so the scan can
// put each expression where a physical column would be read.
import type { FieldInfo } from '../dataset-schema.ts';
import type { TypedExpression } from './expression-types.ts';

export type DerivedColumns = Readonly<Record<string, TypedExpression>>;

export const NO_DERIVED_COLUMNS: DerivedColumns = Object.freeze({});

export function derivedColumnsOf(fields: readonly (FieldInfo | undefined)[]): DerivedColumns {
  const columns: Record<string, TypedExpression> = {};
  for (const field of fields) if (field?.expression) columns[field.column] = field.expression;
  return columns;
}
