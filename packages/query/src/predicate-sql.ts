// Writes a filter condition for one table's rows. Negated conditions also hold where the
// row lacks the field (NULL), as Honeycomb's `!=` and `does-not-*` filters do.
import type { Dialect, SqlValue } from './dialect.ts';
import type { PredicateNode } from './query-plan.ts';

export const COMPARISON_SQL = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const;

/**
 * @param column the SQL for a physical column in this table (`NULL` where it has none)
 * @param value records a value and returns how the SQL refers to it
 */
export function predicateSql(
  node: PredicateNode,
  column: (physical: string) => string,
  dialect: Dialect,
  value: (v: SqlValue) => string,
): string {
  const orMissing = (negated: boolean, col: string, condition: string) => (negated ? `(${col} IS NULL OR NOT ${condition})` : condition);
  switch (node.kind) {
    case 'compare': {
      const col = column(node.column);
      return node.op === '!=' ? `(${col} IS NULL OR ${col} <> ${value(node.value)})` : `${col} ${COMPARISON_SQL[node.op]} ${value(node.value)}`;
    }
    case 'match': {
      const col = column(node.column);
      return orMissing(node.negated, col, dialect.stringMatch(node.match, col, value(node.value)));
    }
    case 'in': {
      const col = column(node.column);
      return orMissing(node.negated, col, `${col} IN (${node.values.map(value).join(', ')})`);
    }
    case 'present':
      return `${column(node.column)} IS ${node.negated ? '' : 'NOT '}NULL`;
    case 'combine':
      return `(${node.items.map((item) => predicateSql(item, column, dialect, value)).join(` ${node.op} `)})`;
  }
}
