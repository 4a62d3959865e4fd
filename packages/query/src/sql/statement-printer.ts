// Writes statement nodes (statement-node.ts) in an engine's SQL: the printer of the
// dialect quotes names and writes values and expressions; its `statements` spelling says
// how the engine writes each statement.
import type { Dialect } from '../dialect.ts';
import type { Expr, QueryNode, SqlType } from './sql-node.ts';
import type { PrintedSql, SqlPrinter } from './sql-printer.ts';
import type { StatementNode } from './statement-node.ts';

/** How one engine writes each statement, from quoted names and printed expressions. */
export interface StatementSpelling {
  columnType(type: SqlType, notNull: boolean): string;
  /** `columns`: each column's quoted name and type. */
  createTable(table: string, columns: readonly string[], primaryKey: readonly string[]): string;
  /** `source`: `VALUES (...), ...` or a query. */
  insert(table: string, columns: readonly string[], source: string, replace: boolean): string;
  /** `set`: each `column = value`. */
  update(table: string, set: readonly string[], where: string): string;
  delete(table: string, where: string): string;
}

/** A statement (or a query) as one statement of the dialect's SQL. */
export function printStatement(node: StatementNode | QueryNode, dialect: Dialect): PrintedSql {
  const printer = dialect.printer();
  const sql = node.kind === 'select' || node.kind === 'union' ? printer.query(node) : statementSql(node, printer);
  return { sql, params: printer.params };
}

function statementSql(node: StatementNode, printer: SqlPrinter): string {
  const spell = printer.statements;
  const q = (name: string) => printer.quote(name);
  switch (node.kind) {
    case 'createTable':
      return spell.createTable(
        q(node.table),
        node.columns.map((c) => `${q(c.name)} ${spell.columnType(c.type, c.notNull)}`),
        node.primaryKey.map(q),
      );
    case 'insert':
      return spell.insert(
        q(node.table),
        node.columns.map(q),
        isQuery(node.source)
          ? printer.query(node.source)
          : `VALUES ${node.source.map((row) => `(${row.map((value) => printer.expr(value)).join(', ')})`).join(', ')}`,
        node.replace,
      );
    case 'update':
      return spell.update(
        q(node.table),
        node.set.map(([name, value]) => `${q(name)} = ${printer.expr(value)}`),
        printer.expr(node.where),
      );
    case 'delete':
      return spell.delete(q(node.table), printer.expr(node.where));
  }
}

const isQuery = (source: readonly (readonly Expr[])[] | QueryNode): source is QueryNode => !Array.isArray(source);
