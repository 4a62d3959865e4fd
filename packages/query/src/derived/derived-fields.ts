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

/** The target with a query's inline derived columns among its saved ones (an inline one wins over a saved one of its name). */
export function withCalculatedFields(target: QueryTarget, inline: readonly CalculatedField[]): QueryTarget {
  if (inline.length === 0) return target;
  return { ...target, derived: new Map([...(target.derived ?? []), ...inline.map(({ name, expression }): [string, string] => [name, expression])]) };
}

/**
 * The target's derived columns as fields, for features that read every column (BubbleUp);
 * one that no longer checks (a field it reads is gone) is left out until it is fixed.
 */
export function derivedFieldsOfTarget(target: QueryTarget): FieldInfo[] {
  const resolve = derivedFieldsOf(target, []);
  return [...(target.derived?.keys() ?? [])].flatMap((name) => {
    if (target.fields.has(name)) return [];
    try {
      return [resolve(name, name)!];
    } catch (error) {
      if (error instanceof QueryError) return [];
      throw error;
    }
  });
}
