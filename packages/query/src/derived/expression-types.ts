// Types of derived-column values and the checked tree the compiler reads. A derived
// column's type is what lets a query sum, average, bin or group it like a sent field.
import type { FieldInfo, FieldType } from '../dataset-schema.ts';
import type { Position } from './expression-error.ts';
import type { LiteralValue } from './parse-expression.ts';

/** A field type, or `null` for an expression that is null on every event. */
export type ValueType = FieldType | 'null';

export type TypedExpression =
  /** A sent field, read from its physical column. */
  | { readonly kind: 'field'; readonly field: FieldInfo; readonly type: ValueType; readonly at: Position }
  | { readonly kind: 'literal'; readonly value: LiteralValue; readonly type: ValueType; readonly at: Position }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly TypedExpression[]; readonly type: ValueType; readonly at: Position };

export const isNumericType = (type: ValueType) => type === 'integer' || type === 'float' || type === 'null';

/**
 * The one type several possible results share (IF's branches, COALESCE's arguments): nulls
 * take any type; integers widen to floats; anything else mixed becomes text.
 */
export function commonType(types: readonly ValueType[]): ValueType {
  const known = [...new Set(types.filter((t) => t !== 'null'))];
  if (known.length === 0) return 'null';
  if (known.length === 1) return known[0];
  if (known.every((t) => t === 'integer' || t === 'float')) return 'float';
  return 'string';
}
