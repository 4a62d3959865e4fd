// Builders for statement nodes (statement-node.ts), frozen like the query builders'.
import type { SqlValue } from '../dialect.ts';
import type { Expr, QueryNode, SqlType } from './sql-node.ts';
import type { ColumnDefinition, CreateTableNode, DeleteNode, InsertNode, UpdateNode } from './statement-node.ts';
import { NULL, val } from './sql-build.ts';

/** Frozen, with the lists it holds and the lists in them. */
function frozen<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (!Array.isArray(child)) continue;
    for (const item of child) if (Array.isArray(item)) Object.freeze(item);
    Object.freeze(child);
  }
  return Object.freeze(value);
}

/** A value from outside that may be absent: a parameter, or NULL. */
export const valOrNull = (value: SqlValue | null): Expr => (value === null ? NULL : val(value));

export const column = (name: string, type: SqlType, notNull = false): ColumnDefinition => Object.freeze({ name, type, notNull });

export const createTable = (table: string, columns: readonly ColumnDefinition[], primaryKey: readonly string[] = []): CreateTableNode =>
  frozen({ kind: 'createTable', table, columns, primaryKey });

/** INSERT of rows given as `{ column: value }`, every row with the first row's columns. */
export function insert(table: string, rows: readonly Readonly<Record<string, Expr>>[], options: { replace?: boolean } = {}): InsertNode {
  const columns = Object.keys(rows[0] ?? {});
  return frozen({ kind: 'insert', table, columns, source: rows.map((row) => columns.map((name) => row[name])), replace: options.replace === true });
}

/** INSERT of the rows a query answers, into the named columns. */
export const insertInto = (table: string, columns: readonly string[], query: QueryNode): InsertNode =>
  frozen({ kind: 'insert', table, columns, source: query, replace: false });

export const update = (table: string, set: Readonly<Record<string, Expr>>, where: Expr): UpdateNode =>
  frozen({ kind: 'update', table, set: Object.entries(set), where });

export const deleteFrom = (table: string, where: Expr): DeleteNode => frozen({ kind: 'delete', table, where });
