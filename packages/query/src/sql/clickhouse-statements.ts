// ClickHouse's statements, as 18.16 runs them: a MergeTree table sorted by its key (which
// it does not enforce, so there is no replacing insert); UPDATE and DELETE as mutations
// (ALTER TABLE), which the server applies after it answers.
import type { SqlType } from './sql-node.ts';
import type { StatementSpelling } from './statement-printer.ts';

const TYPES: Record<SqlType, string> = { double: 'Float64', bigint: 'Int64', text: 'String' };

export const CLICKHOUSE_STATEMENTS: StatementSpelling = {
  columnType: (type, notNull) => (notNull ? TYPES[type] : `Nullable(${TYPES[type]})`),
  createTable: (table, columns, primaryKey) =>
    `CREATE TABLE IF NOT EXISTS ${table} (${columns.join(', ')}) ENGINE = MergeTree ORDER BY ${primaryKey.length > 0 ? `(${primaryKey.join(', ')})` : 'tuple()'}`,
  insert(table, columns, source, replace) {
    if (replace) throw new Error('ClickHouse has no INSERT OR REPLACE: a MergeTree key does not identify one row');
    return `INSERT INTO ${table} (${columns.join(', ')}) ${source}`;
  },
  update: (table, set, where) => `ALTER TABLE ${table} UPDATE ${set.join(', ')} WHERE ${where}`,
  delete: (table, where) => `ALTER TABLE ${table} DELETE WHERE ${where}`,
};
