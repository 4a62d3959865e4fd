// Derived columns as fields of a query: the ones saved for its datasets and the ones its
// spec defines inline (`calculated_fields`, which win over a saved one of the same name).
// Each is checked once, when the query first names it, and becomes a FieldInfo whose
// expression the compiler computes wherever a column is read.
import type { FieldInfo, QueryTarget } from '../dataset-schema.ts';
import type { CalculatedField } from '../query-spec.ts';
import { QueryError } from '../query-error.ts';
import { checkExpression, derivedFieldType } from './check-expression.ts';
import { ExpressionError } from './expression-error.ts';

/** The plan key of a derived column: never a physical column (those are `f<n>`), never printed. */
export const derivedColumnKey = (name: string) => `derived:${name}`;

/** A function from a name to its derived column's field, or undefined when no derived column has that name. */
export function derivedFieldsOf(target: QueryTarget, inline: readonly CalculatedField[]): (path: string, name: string) => FieldInfo | undefined {
  const definitions = new Map(target.derived ?? []);
  const inlinePaths = new Map<string, string>();
  inline.forEach(({ name, expression }, i) => {
    const path = `calculated_fields[${i}]`;
    if (target.fields.has(name)) throw new QueryError(`${path}.name`, `${JSON.stringify(name)} is already a column`);
    if (inlinePaths.has(name)) throw new QueryError(`${path}.name`, `repeats ${inlinePaths.get(name)} (${JSON.stringify(name)})`);
    inlinePaths.set(name, path);
    definitions.set(name, expression);
  });
  const checked = new Map<string, FieldInfo>();
  const resolve = (path: string, name: string): FieldInfo | undefined => {
    const text = definitions.get(name);
    if (text === undefined) return undefined;
    const known = checked.get(name);
    if (known) return known;
    try {
      const expression = checkExpression(text, { fields: target.fields, derived: definitions }, name);
      const field: FieldInfo = { name, type: derivedFieldType(expression), column: derivedColumnKey(name), expression };
      checked.set(name, field);
      return field;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const at = inlinePaths.get(name);
      throw new QueryError(at ? `${at}.expression` : path, at ? error.message : `derived column ${JSON.stringify(name)}: ${error.message}`);
    }
  };
  // Inline definitions are checked even when the query does not use them, so a typo is never silent.
  for (const [name, path] of inlinePaths) resolve(path, name);
  return resolve;
}
