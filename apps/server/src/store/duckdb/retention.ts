// Retention on DuckDB: events older than the window are deleted from every dataset table,
// with their trace index rows and the service map's edge totals, in one transaction;
// DuckDB reuses the freed space. Unlike ClickHouse's whole-day partitions, the cutoff is exact.
import type { DuckDBConnection } from '@duckdb/node-api';
import { EDGE_TOTALS_TABLE, TRACE_INDEX_TABLES } from './catalog-tables.ts';

/** Deletes what is older than `cutoffUs` (µs since the epoch); returns how many events. */
export async function deleteExpiredEvents(connection: DuckDBConnection, tables: readonly string[], cutoffUs: number): Promise<number> {
  const cutoff = BigInt(Math.trunc(cutoffUs));
  let deleted = 0;
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const table of tables) {
      // Table names are generated (ds_<n>), never telemetry.
      const result = await connection.run(`DELETE FROM "${table}" WHERE epoch_us(ts) < $1`, [cutoff]);
      deleted += Number(result.rowsChanged);
    }
    for (const table of TRACE_INDEX_TABLES) await connection.run(`DELETE FROM ${table} WHERE max_ts < $1`, [cutoff]);
    // A rolled minute, hour or day that lost any of its spans goes too; the map counts what is left of it from spans.
    await connection.run(`DELETE FROM ${EDGE_TOTALS_TABLE} WHERE start < $1`, [cutoff]);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
  return deleted;
}
