// A filter condition on one table's rows, as nodes. Negated conditions also hold where the
// row lacks the field (NULL), as Honeycomb's `!=` and `does-not-*` filters do.
import type { PredicateNode } from './query-plan.ts';
import type { BinaryOp, Expr } from './sql/sql-node.ts';
import { and, fn, inList, isNotNull, isNull, not, op, or, parens, val } from './sql/sql-build.ts';

export const COMPARISON_SQL = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const satisfies Record<string, BinaryOp>;

const MATCH_FUNCTION = { prefix: 'startsWith', suffix: 'endsWith', substring: 'contains' } as const;

/** @param column a physical column of this table, or NULL where it has none */
export function predicateExpr(node: PredicateNode, column: (physical: string) => Expr): Expr {
  const orMissing = (negated: boolean, col: Expr, condition: Expr) => (negated ? parens(or(isNull(col), not(condition))) : condition);
  switch (node.kind) {
    case 'compare': {
      const col = column(node.column);
      return node.op === '!=' ? parens(or(isNull(col), op('<>', col, val(node.value)))) : op(COMPARISON_SQL[node.op], col, val(node.value));
    }
    case 'match': {
      const col = column(node.column);
      return orMissing(node.negated, col, fn(MATCH_FUNCTION[node.match], col, val(node.value)));
    }
    case 'in': {
      const col = column(node.column);
      return orMissing(node.negated, col, inList(col, node.values.map(val)));
    }
    case 'present':
      return node.negated ? isNull(column(node.column)) : isNotNull(column(node.column));
    case 'combine': {
      const items = node.items.map((item) => predicateExpr(item, column));
      return parens(node.op === 'AND' ? and(...items) : or(...items));
    }
  }
}
