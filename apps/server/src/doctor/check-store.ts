// The event store: whether a running server holds its lock, and, when it is free, that
// it opens and its catalog agrees with its tables (no half-made dataset or column). The
// file is opened read-only, so the doctor never changes what it examines.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DATABASE_FILE } from '../store/duckdb/index.ts';
import { TRACE_INDEX_TABLES } from '../store/duckdb/trace-index.ts';
import { ok, problem, type Finding } from './finding.ts';

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

export async function checkStore(dataDir: string): Promise<Finding[]> {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) return [ok('store', `no ${DATABASE_FILE} yet; the first start creates it`)];
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  } catch (error) {
    const message = (error as Error).message;
    if (/lock/i.test(message)) {
      const pid = /PID (\d+)/.exec(message)?.[1];
      return [ok('store lock', `held by a running server${pid ? ` (process ${pid})` : ''}; its integrity is checked when it is stopped`)];
    }
    return [problem('store', `${file} does not open: ${message}`, 'restore the data directory from a backup; keep this copy for a bug report')];
  }
  const connection = await instance.connect();
  try {
    return [ok('store lock', 'free: no server is running on this data directory'), ...(await checkCatalog(connection, file))];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function checkCatalog(connection: DuckDBConnection, file: string): Promise<Finding[]> {
  const present = await rows(connection, `SELECT table_name AS what FROM duckdb_tables() WHERE schema_name = 'main'`);
  const missing = CATALOG_TABLES.filter((t) => !present.includes(t));
  if (missing.length > 0) {
    return [
      problem(
        'store catalog',
        `${file} lacks the catalog tables ${missing.join(', ')}`,
        'this is not a Flashlight data directory, or an older one; pass the right --data',
      ),
    ];
  }
  const broken: string[] = [];
  for (const { rule, sql } of CONSISTENCY_RULES) {
    const offenders = await rows(connection, sql);
    if (offenders.length > 0)
      broken.push(`${rule}: not so for ${offenders.slice(0, 5).join(', ')}${offenders.length > 5 ? ` and ${offenders.length - 5} more` : ''}`);
  }
  if (broken.length > 0) {
    return [
      problem(
        'store catalog',
        `the catalog disagrees with the tables (${broken.join('; ')})`,
        'restore from a backup, and report this with the data directory: the store should never leave this state',
      ),
    ];
  }
  const [datasets] = await rows(connection, `SELECT count(*)::VARCHAR AS what FROM fl_datasets`);
  return [ok('store catalog', `opens; catalog consistent with the tables (${datasets} datasets)`)];
}

async function rows(connection: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => String(row.what));
}
