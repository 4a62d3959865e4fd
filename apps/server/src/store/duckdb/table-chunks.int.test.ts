// Data chunks appended to a real DuckDB table read back as the values given: inline and
// long strings, a long string repeated over a whole vector (set once), NULLs, numbers.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChunks, type AppendColumn } from './table-chunks.ts';

let instance: DuckDBInstance;
let connection: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

async function roundTrip(rowCount: number, columns: AppendColumn[]): Promise<unknown[][]> {
  const table = `t${Math.floor(Math.random() * 1e9)}`;
  const types = { varchar: 'VARCHAR', int64: 'BIGINT', double: 'DOUBLE', boolean: 'BOOLEAN', timestamp: 'BIGINT' };
  await connection.run(`CREATE TABLE ${table} (${columns.map((c, i) => `c${i} ${types[c.kind]}`).join(', ')})`);
  const appender = await connection.createAppender(table);
  for (const chunk of buildChunks(rowCount, columns)) appender.appendDataChunk(chunk);
  appender.closeSync();
  const reader = await connection.runAndReadAll(`SELECT * FROM ${table} ORDER BY rowid`);
  return reader.getRowsJS().map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
}

describe('buildChunks', () => {
  it('writes a long string repeated over whole vectors once, and changes within a later vector row by row', async () => {
    const rows = 5000;
    const host = 'ip-10-0-3-111.ec2.internal';
    // The same host for the first two vectors (2,048 rows each), then another from row 4,500.
    const hosts = Array.from({ length: rows }, (_, i) => (i < 4500 ? host : 'ip-10-0-9-9.ec2.internal'));
    const ids = Array.from({ length: rows }, (_, i) => `span-${i}-0123456789abcdef`);
    const kinds = Array.from({ length: rows }, (_, i) => (i % 2 ? 'server' : 'client'));
    const counts = Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? undefined : i));
    const got = await roundTrip(rows, [
      { kind: 'varchar', values: hosts },
      { kind: 'varchar', values: ids },
      { kind: 'varchar', values: kinds },
      { kind: 'int64', values: counts },
    ]);
    expect(got).toEqual(hosts.map((h, i) => [h, ids[i], kinds[i], counts[i] ?? null]));
  });

  it('keeps NULLs and non-ASCII strings in a column otherwise repeated', async () => {
    const values = ['größer-als-zwölf', 'größer-als-zwölf', undefined, 'größer-als-zwölf'];
    const same = ['a-long-repeated-value', 'a-long-repeated-value', 'a-long-repeated-value', 'a-long-repeated-value'];
    const got = await roundTrip(4, [
      { kind: 'varchar', values },
      { kind: 'varchar', values: same },
    ]);
    expect(got).toEqual(values.map((v, i) => [v ?? null, same[i]]));
  });
});
