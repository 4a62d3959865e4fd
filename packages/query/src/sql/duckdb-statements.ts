// DuckDB's statements: a primary key the table enforces, INSERT OR REPLACE on it, UPDATE
// and DELETE as they are.
import type { SqlType } from './sql-node.ts';
import type { StatementSpelling } from './statement-printer.ts';

const TYPES: Record<SqlType, string> = { double: 'DOUBLE', bigint: 'BIGINT', text: 'VARCHAR' };

export const DUCKDB_STATEMENTS: StatementSpelling = {
  columnType: (type, notNull) => `${TYPES[type]}${notNull ? ' NOT NULL' : ''}`,
  createTable: (table, columns, primaryKey) =>
    `CREATE TABLE IF NOT EXISTS ${table} (${[...columns, ...(primaryKey.length > 0 ? [`PRIMARY KEY (${primaryKey.join(', ')})`] : [])].join(', ')})`,
  insert: (table, columns, source, replace) => `INSERT ${replace ? 'OR REPLACE ' : ''}INTO ${table} (${columns.join(', ')}) ${source}`,
  update: (table, set, where) => `UPDATE ${table} SET ${set.join(', ')} WHERE ${where}`,
  delete: (table, where) => `DELETE FROM ${table} WHERE ${where}`,
};
