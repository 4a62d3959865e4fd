// Statements that change a table, as nodes: INSERT of a query's rows and DELETE of the rows
// a condition holds for. They print through the engine's printer like any query, so
// identifiers are quoted and values are parameters the same way.
import type { Dialect } from '../dialect.ts';
import type { Expr, QueryNode } from './sql-node.ts';
import type { PrintedSql } from './sql-printer.ts';

export interface InsertNode {
  readonly kind: 'insert';
  readonly table: string;
  readonly columns: readonly string[];
  readonly query: QueryNode;
}

export interface DeleteNode {
  readonly kind: 'delete';
  readonly table: string;
  readonly where: Expr;
}

/** A statement: a query, or a change to a table. */
export type StatementNode = QueryNode | InsertNode | DeleteNode;

export const insertInto = (table: string, columns: readonly string[], query: QueryNode): InsertNode =>
  Object.freeze({ kind: 'insert', table, columns: Object.freeze([...columns]), query });

export const deleteFrom = (table: string, where: Expr): DeleteNode => Object.freeze({ kind: 'delete', table, where });

/** A statement as the dialect's SQL. */
export function printStatement(statement: StatementNode, dialect: Dialect): PrintedSql {
  const printer = dialect.printer();
  switch (statement.kind) {
    case 'insert': {
      const columns = statement.columns.map((column) => printer.quote(column)).join(', ');
      return { sql: `INSERT INTO ${printer.quote(statement.table)} (${columns}) ${printer.query(statement.query)}`, params: printer.params };
    }
    case 'delete':
      return { sql: printer.deleteRows(statement.table, statement.where), params: printer.params };
    default:
      return printer.print(statement);
  }
}
