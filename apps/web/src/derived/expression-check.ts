// The editor's check of a derived column, by the same parser and type checker the server
// runs when it saves one: against the dataset's sent fields and its other derived columns,
// with the column's own new definition among them so a cycle it would close is seen.
import { checkExpression, derivedFieldType, ExpressionError, parseExpression, type ExpressionNode, type FieldInfo, type FieldType } from '@flashlight/query';
import type { DerivedColumn } from '@flashlight/api';
import type { ColumnSummary } from '../api/query-spec.ts';

export type ExpressionCheck = { readonly ok: true; readonly type: FieldType } | { readonly ok: false; readonly message: string; readonly offset: number };

/** What an expression of a dataset can read: its sent fields (the columns without an expression) and its derived columns but the one being edited. */
export interface DerivedScope {
  readonly columns: readonly ColumnSummary[];
  readonly others: readonly Pick<DerivedColumn, 'alias' | 'expression'>[];
}

export function checkDerivedColumn(alias: string, expression: string, { columns, others }: DerivedScope): ExpressionCheck {
  const fields = new Map<string, FieldInfo>(
    columns.filter((c) => c.expression === undefined).map((c) => [c.name, { name: c.name, type: c.type, column: c.name }]),
  );
  const derived = new Map(others.map((d): [string, string] => [d.alias, d.expression]));
  if (alias) derived.set(alias, expression);
  try {
    return { ok: true, type: derivedFieldType(checkExpression(expression, { fields, derived }, alias || undefined)) };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, message: error.message, offset: error.position.offset };
    throw error;
  }
}

/** Why an alias cannot be saved, as the server would refuse it; null when it can. */
export function aliasProblem(alias: string, { columns, others }: DerivedScope): string | null {
  if (!alias) return 'a derived column needs a name';
  if (columns.some((c) => c.expression === undefined && c.name === alias)) return `${JSON.stringify(alias)} is already a column`;
  if (others.some((d) => d.alias === alias)) return `a derived column ${JSON.stringify(alias)} already exists`;
  return null;
}

/** The columns an expression reads directly, in the order it names them. */
export function columnsRead(expression: string): string[] {
  const names = new Set<string>();
  const visit = (node: ExpressionNode) => {
    if (node.kind === 'column') names.add(node.name);
    if (node.kind === 'call') node.args.forEach(visit);
  };
  visit(parseExpression(expression));
  return [...names];
}
