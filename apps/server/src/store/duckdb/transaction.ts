// One DuckDB transaction around some work: committed when the work succeeds, rolled back
// when anything in it fails (the work's error is the one reported); and the write
// conflicts that make running one again worth it.
import type { DuckDBConnection } from '@duckdb/node-api';

export async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    // A failed COMMIT has already rolled back; ROLLBACK then has nothing to undo.
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** How often a transaction that lost a write-write race is run again before it fails. */
export const MAX_CONFLICT_RETRIES = 3;

/** DuckDB's answer to a transaction that changed a row another open transaction changed. */
export function isWriteConflict(error: unknown): boolean {
  return error instanceof Error && /TransactionContext Error: .*[Cc]onflict/.test(error.message);
}
