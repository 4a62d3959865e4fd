// Where a DuckDB file's bytes go: per field (a physical column is the same field in every
// table of an environment), the trace index, the free blocks, from where each column's
// segments sit in the file's blocks (`pragma_storage_info`).
import { stat } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export const rows = async (connection: DuckDBConnection, sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * Bytes per column of every table, from where its segments sit in the file's blocks: a
 * segment runs to the next one in its block, and owns the extra blocks it names whole.
 * The last segment of a block is given the column's bytes per row seen elsewhere; what is
 * left of the block is its unused tail.
 */
async function columnBytes(connection: DuckDBConnection, blockSize: number): Promise<Map<string, number>> {
  const tables = await rows(connection, `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`);
  const segments: { key: string; block: number; offset: number; count: number; extraBlocks: number }[] = [];
  for (const { table_name: table } of tables) {
    const info = await rows(
      connection,
      `SELECT column_name, block_id, block_offset, count, len(coalesce(additional_block_ids, [])) AS extra
         FROM pragma_storage_info('${table}') WHERE persistent AND block_id >= 0`,
    );
    for (const s of info) {
      segments.push({
        key: `${table}.${s.column_name}`,
        block: Number(s.block_id),
        offset: Number(s.block_offset),
        count: Number(s.count),
        extraBlocks: Number(s.extra),
      });
    }
  }
  segments.sort((a, b) => a.block - b.block || a.offset - b.offset);
  const bytes = new Map<string, number>();
  const add = (key: string, n: number) => bytes.set(key, (bytes.get(key) ?? 0) + n);
  const perRow = new Map<string, { bytes: number; rows: number }>();
  const lastInBlock: typeof segments = [];
  segments.forEach((s, i) => {
    add(s.key, s.extraBlocks * blockSize);
    const next = segments[i + 1];
    if (!next || next.block !== s.block) return lastInBlock.push(s);
    add(s.key, next.offset - s.offset);
    const seen = perRow.get(s.key) ?? { bytes: 0, rows: 0 };
    perRow.set(s.key, { bytes: seen.bytes + next.offset - s.offset, rows: seen.rows + s.count });
  });
  for (const s of lastInBlock) {
    const seen = perRow.get(s.key);
    const estimate = Math.min(blockSize - s.offset, seen && seen.rows > 0 ? Math.ceil((seen.bytes / seen.rows) * s.count) : blockSize);
    add(s.key, estimate);
    add(UNUSED_TAILS, blockSize - s.offset - estimate);
  }
  return bytes;
}

const UNUSED_TAILS = '(unused tails of blocks)';

export async function storageReport(file: string, spans: number): Promise<number> {
  const fileBytes = (await stat(file)).size;
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const [size] = await rows(connection, 'SELECT * FROM pragma_database_size()');
    const blockSize = Number(size.block_size);
    console.log(
      `file ${mb(fileBytes)}: ${size.used_blocks} blocks used, ${size.free_blocks} free, of ${blockSize / 1024} KiB each; ` +
        `${(fileBytes / spans).toFixed(1)} bytes per span`,
    );
    const byColumn = await columnBytes(connection, blockSize);
    // Physical columns to field names: f12 is the same field in every table of an environment.
    const names = new Map<string, string>([
      ['ts', 'timestamp'],
      ['sample_rate', 'sample rate'],
    ]);
    for (const f of await rows(connection, 'SELECT column_name, name FROM fl_fields')) names.set(String(f.column_name), String(f.name));
    const byField = new Map<string, number>();
    for (const [key, bytes] of byColumn) {
      const [table, column] = key.split('.');
      // The trace index is split into tables by key: one line per column of all of them.
      const name = table.startsWith('ds_')
        ? (names.get(column) ?? column)
        : table.startsWith('fl_trace_index')
          ? `trace index ${column}`
          : key.replace('.', ' ');
      byField.set(name, (byField.get(name) ?? 0) + bytes);
    }
    const compression = new Map<string, string>();
    for (const c of await rows(
      connection,
      `SELECT column_name, string_agg(DISTINCT compression, ',' ORDER BY compression) AS kinds
         FROM (SELECT column_name, compression FROM pragma_storage_info('ds_1') WHERE segment_type <> 'VALIDITY') GROUP BY ALL`,
    ))
      compression.set(names.get(String(c.column_name)) ?? String(c.column_name), String(c.kinds));
    console.log('where the bytes go (bytes per span; compression in table ds_1):');
    for (const [name, bytes] of [...byField].sort((a, b) => b[1] - a[1])) {
      if (bytes / spans < 0.05) continue;
      console.log(`  ${name.padEnd(34)} ${(bytes / spans).toFixed(2).padStart(6)}  ${compression.get(name) ?? ''}`);
    }
    const counted = [...byColumn.values()].reduce((a, b) => a + b, 0);
    console.log(`  ${'(free blocks, file headers)'.padEnd(34)} ${((fileBytes - counted) / spans).toFixed(2).padStart(6)}`);
    return fileBytes;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
