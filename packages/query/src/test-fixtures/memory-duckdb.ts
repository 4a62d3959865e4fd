// Test fixture: an in-memory DuckDB holding dataset tables in the store's physical
// layout (ts, sample_rate, one generated column per field), and the QueryTarget over them.
import { DuckDBInstance, DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type { DatasetTable, FieldInfo, FieldType, QueryTarget } from '../dataset-schema.ts';

export interface FixtureEvent {
  timeUs: number;
  sampleRate: number;
  fields: Record<string, string | number | boolean>;
}

const SQL_TYPES: Record<FieldType, string> = { string: 'VARCHAR', integer: 'BIGINT', float: 'DOUBLE', boolean: 'BOOLEAN' };

function typeOf(value: string | number | boolean): FieldType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return Number.isInteger(value) ? 'integer' : 'float';
}

export interface MemoryDuckDb {
  connection: DuckDBConnection;
  /** The target over the named datasets (all of them when omitted). */
  target(datasets?: string[]): QueryTarget;
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  close(): void;
}

/**
 * Creates one table per dataset. A field's type is fixed by its first value; fields are
 * numbered across datasets as the store numbers them within an environment.
 */
export async function memoryDuckDb(datasets: Record<string, FixtureEvent[]>): Promise<MemoryDuckDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const fields = new Map<string, FieldInfo>();
  const tables: DatasetTable[] = [];
  for (const events of Object.values(datasets)) {
    for (const event of events) {
      for (const [name, value] of Object.entries(event.fields)) {
        if (!fields.has(name)) fields.set(name, { name, type: typeOf(value), column: `f${fields.size}` });
      }
    }
  }
  for (const [index, [dataset, events]] of Object.entries(datasets).entries()) {
    const own = [...fields.values()].filter((f) => events.some((e) => fieldValue(e, f) !== undefined));
    const table = `ds_${index}`;
    const columns = own.map((f) => `"${f.column}" ${SQL_TYPES[f.type]}`);
    await connection.run(`CREATE TABLE "${table}" (ts TIMESTAMP, sample_rate DOUBLE${columns.map((c) => ', ' + c).join('')})`);
    const appender = await connection.createAppender(table);
    for (const event of events) {
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.round(event.timeUs))));
      appender.appendDouble(event.sampleRate);
      for (const field of own) {
        const value = fieldValue(event, field);
        if (value === undefined) appender.appendNull();
        else if (field.type === 'string') appender.appendVarchar(String(value));
        else if (field.type === 'integer') appender.appendBigInt(BigInt(value as number));
        else if (field.type === 'float') appender.appendDouble(Number(value));
        else appender.appendBoolean(Boolean(value));
      }
      appender.endRow();
    }
    appender.closeSync();
    tables.push({ dataset, table, columns: new Set(own.map((f) => f.column)) });
  }
  return {
    connection,
    target(names) {
      const chosen = names ? tables.filter((t) => names.includes(t.dataset)) : tables;
      const present = new Set(chosen.flatMap((t) => [...t.columns]));
      return { tables: chosen, fields: new Map([...fields].filter(([, f]) => present.has(f.column))) };
    },
    async query(sql, params) {
      const reader = await connection.runAndReadAll(sql, params as never);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function fieldValue(event: FixtureEvent, field: FieldInfo): string | number | boolean | undefined {
  return event.fields[field.name];
}
