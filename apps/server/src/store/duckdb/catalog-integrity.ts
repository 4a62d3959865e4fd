// Whether a stopped store's file opens and its catalog agrees with its tables (no
// half-made dataset or column): DuckDB's own tables and its introspection functions, so
// it lives with the engine. The file is opened read-only, so examining it changes nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DATABASE_FILE } from './duckdb-store.ts';
import { TRACE_INDEX_TABLES } from './trace-index.ts';

const CATALOG_TABLES = ['fl_datasets', 'fl_fields', 'fl_dataset_fields', ...TRACE_INDEX_TABLES];
const BASE_COLUMNS = ['ts', 'sample_rate'];

/** Each query lists what breaks one rule; the rule holds when it returns no row. */
const CONSISTENCY_RULES: Array<{ rule: string; sql: string }> = [
  {
    rule: 'every dataset in the catalog has its table',
    sql: `SELECT table_name AS what FROM fl_datasets WHERE table_name NOT IN (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main')`,
  },
  {
    rule: 'every dataset table is in the catalog',
    sql: `SELECT table_name AS what FROM duckdb_tables() WHERE schema_name = 'main' AND table_name LIKE 'ds\\_%' ESCAPE '\\'
            AND table_name NOT IN (SELECT table_name FROM fl_datasets)`,
  },
  {
    rule: 'every catalogued column exists in its table',
    sql: `SELECT f.table_name || '.' || f.column_name AS what FROM fl_dataset_fields f
           WHERE NOT EXISTS (SELECT 1 FROM duckdb_columns() c WHERE c.schema_name = 'main' AND c.table_name = f.table_name AND c.column_name = f.column_name)`,
  },
  {
    rule: 'every column of a dataset table is catalogued',
    sql: `SELECT c.table_name || '.' || c.column_name AS what FROM duckdb_columns() c JOIN fl_datasets d ON d.table_name = c.table_name
           WHERE c.schema_name = 'main' AND c.column_name NOT IN (${BASE_COLUMNS.map((c) => `'${c}'`).join(', ')})
             AND NOT EXISTS (SELECT 1 FROM fl_dataset_fields f WHERE f.table_name = c.table_name AND f.column_name = c.column_name)`,
  },
  {
    rule: 'every catalogued column belongs to a field of its environment',
    sql: `SELECT f.table_name || '.' || f.column_name AS what FROM fl_dataset_fields f JOIN fl_datasets d ON d.table_name = f.table_name
           WHERE NOT EXISTS (SELECT 1 FROM fl_fields x WHERE x.environment = d.environment AND x.column_name = f.column_name)`,
  },
  {
    rule: 'dataset names are unique in each environment',
    sql: `SELECT environment || '/' || name AS what FROM fl_datasets GROUP BY environment, name HAVING count(*) > 1`,
  },
  {
    rule: 'field names are unique in each environment',
    sql: `SELECT environment || '/' || name AS what FROM fl_fields GROUP BY environment, name HAVING count(*) > 1`,
  },
];

/** A rule of the catalog and the things that break it. */
export interface BrokenRule {
  rule: string;
  offenders: string[];
}

/** What examining the store's file found. */
export type StoreFileState =
  | { state: 'absent'; file: string }
  /** A running server holds the file. */
  | { state: 'locked'; pid: string | undefined }
  | { state: 'unreadable'; file: string; message: string }
  | { state: 'not a store'; file: string; missingTables: string[] }
  | { state: 'examined'; file: string; broken: BrokenRule[]; datasets: number };

export async function examineStoreFile(dataDir: string): Promise<StoreFileState> {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) return { state: 'absent', file };
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  } catch (error) {
    const message = (error as Error).message;
    if (/lock/i.test(message)) return { state: 'locked', pid: /PID (\d+)/.exec(message)?.[1] };
    return { state: 'unreadable', file, message };
  }
  const connection = await instance.connect();
  try {
    return await examineCatalog(connection, file);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function examineCatalog(connection: DuckDBConnection, file: string): Promise<StoreFileState> {
  const present = await rows(connection, `SELECT table_name AS what FROM duckdb_tables() WHERE schema_name = 'main'`);
  const missingTables = CATALOG_TABLES.filter((t) => !present.includes(t));
  if (missingTables.length > 0) return { state: 'not a store', file, missingTables };
  const broken: BrokenRule[] = [];
  for (const { rule, sql } of CONSISTENCY_RULES) {
    const offenders = await rows(connection, sql);
    if (offenders.length > 0) broken.push({ rule, offenders });
  }
  const [datasets] = await rows(connection, `SELECT count(*) AS what FROM fl_datasets`);
  return { state: 'examined', file, broken, datasets: Number(datasets) };
}

async function rows(connection: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => String(row.what));
}
