// Runs a store's CREATE TABLE statements as one transaction: one commit, so one sync of the
// write-ahead log, instead of one per statement (on a first start, most of a store's opening).
import type { DuckDBConnection } from '@duckdb/node-api';

export async function createTables(connection: DuckDBConnection, ddl: readonly string[]): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const statement of ddl) await connection.run(statement);
    await connection.run('COMMIT');
  } catch (error) {
    // A failed COMMIT has already ended the transaction; the first error is the one to report.
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
