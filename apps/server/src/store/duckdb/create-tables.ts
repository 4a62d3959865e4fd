// Runs a store's CREATE TABLE statements as one transaction: one commit, so one sync of the
// write-ahead log, instead of one per statement (on a first start, most of a store's opening).
import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction } from './transaction.ts';

export async function createTables(connection: DuckDBConnection, ddl: readonly string[]): Promise<void> {
  await inTransaction(connection, async () => {
    for (const statement of ddl) await connection.run(statement);
  });
}
