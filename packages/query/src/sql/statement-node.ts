// Statements that make and change tables, as frozen nodes beside the query nodes
// (sql-node.ts): what the control-plane stores need of CREATE TABLE, INSERT, UPDATE and
// DELETE. Tables and columns are generated names; values enter as parameters. Each
// engine's printer spells them (statement-printer.ts).
import type { Expr, QueryNode, SqlType } from './sql-node.ts';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
}

/** CREATE TABLE IF NOT EXISTS. */
export interface CreateTableNode {
  readonly kind: 'createTable';
  readonly table: string;
  readonly columns: readonly ColumnDefinition[];
  /** Columns that identify a row; a row inserted with `replace` takes the place of the one it matches. */
  readonly primaryKey: readonly string[];
}

export interface InsertNode {
  readonly kind: 'insert';
  readonly table: string;
  readonly columns: readonly string[];
  /** One list of values per row, in the order of `columns`; or a query whose rows are inserted. */
  readonly source: readonly (readonly Expr[])[] | QueryNode;
  /** A row whose primary key is taken replaces the row that has it. */
  readonly replace: boolean;
}

export interface UpdateNode {
  readonly kind: 'update';
  readonly table: string;
  readonly set: readonly (readonly [column: string, value: Expr])[];
  readonly where: Expr;
}

export interface DeleteNode {
  readonly kind: 'delete';
  readonly table: string;
  readonly where: Expr;
}

export type StatementNode = CreateTableNode | InsertNode | UpdateNode | DeleteNode;
