// bench/data/query-spans.ts's spans copied from DuckDB into ClickHouse, for the
// benchmarks that run the same question on both engines.
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { COLUMN_TYPES, DAY_PARTITION, type ClickHouseHttp, type ClickHouseNode } from '@flashlight/server/testing';
import type { FieldInfo } from '../../packages/query/src/index.ts';
import { queryTarget } from './query-spans.ts';

/**
 * Table ds_0 in the ClickHouse store's layout (µs Int64 time, Nullable fields, day
 * partitions, ordered by time), holding exactly the spans DuckDB generated: written out
 * by DuckDB as TabSeparated and read by clickhouse-client. `fields` are the table's
 * columns besides time and sample rate (another benchmark's table has its own).
 */
export async function copySpansToClickHouse(
  duckdb: DuckDBConnection,
  db: ClickHouseHttp,
  node: ClickHouseNode,
  file: string,
  fields: readonly FieldInfo[] = [...queryTarget.fields.values()],
): Promise<void> {
  const columns = fields.map((f) => `${f.column} ${COLUMN_TYPES[f.type]}`).join(', ');
  await db.command(`CREATE TABLE ds_0 (ts Int64, sample_rate Float64, ${columns}) ENGINE = MergeTree() PARTITION BY ${DAY_PARTITION('ts')} ORDER BY ts`);
  const values = fields.map((f) => (f.type === 'boolean' ? `CAST(${f.column} AS INTEGER)` : f.column)).join(', ');
  await duckdb.run(`COPY (SELECT epoch_us(ts), sample_rate, ${values} FROM ds_0) TO '${file}' (FORMAT CSV, DELIMITER '\t', HEADER false, NULLSTR '\\N')`);
  const input = await open(file);
  try {
    const client = spawn('clickhouse-client', ['--port', String(node.tcpPort), '--database', 'bench', '--query', 'INSERT INTO ds_0 FORMAT TabSeparated'], {
      stdio: [input.fd, 'inherit', 'inherit'],
    });
    const code = await new Promise<number | null>((resolve, reject) => client.on('error', reject).on('exit', resolve));
    if (code !== 0) throw new Error(`clickhouse-client exited with ${code} loading the spans`);
  } finally {
    await input.close();
  }
  // Parts merged, as they are in a store that has been running for a while.
  await db.command('OPTIMIZE TABLE ds_0 FINAL');
}
