// The catalog as stored in the database file, next to the dataset tables it describes,
// so that one transaction changes both. Field and dataset names are values in these
// tables, never identifiers. A field's type in a dataset is its column's type in the
// dataset's table, the one place it is kept.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FieldType } from '@flashlight/query';
import { Catalog, type DatasetEntry } from '../catalog.ts';
import { SQL_TYPES } from './schema-changes.ts';
import { traceIndexDdl, upgradeTraceIndex } from './trace-index.ts';
import { createTables } from './create-tables.ts';
import { MOVED_ROUND_DDL } from './staging-file.ts';

const CATALOG_DDL = [
  `CREATE TABLE IF NOT EXISTS fl_datasets (
     environment VARCHAR NOT NULL, name VARCHAR NOT NULL, table_name VARCHAR NOT NULL,
     created_at TIMESTAMP NOT NULL, last_event_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS fl_fields (
     environment VARCHAR NOT NULL, name VARCHAR NOT NULL, column_name VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS fl_dataset_fields (
     table_name VARCHAR NOT NULL, column_name VARCHAR NOT NULL,
     first_seen TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL)`,
  // One row per trace, table and commit (trace-index.ts): appending is cheap, and a
  // lookup reads only these narrow tables, never the event tables.
  ...traceIndexDdl(),
  MOVED_ROUND_DDL,
  // The service map's edge totals (flows/edge-rollup.ts): rows of the map statement for
  // one minute, hour or day (grain and start in µs; k hashes role, src and dst), and one
  // row of role 'rolled' per unit done, written by the same statement, so a unit is whole
  // or absent.
  `CREATE TABLE IF NOT EXISTS fl_edge_totals (
     environment VARCHAR NOT NULL, grain BIGINT NOT NULL, start BIGINT NOT NULL, k UBIGINT, role VARCHAR NOT NULL,
     src_kind VARCHAR, src VARCHAR, dst_kind VARCHAR, dst VARCHAR,
     b INTEGER, n DOUBLE, e DOUBLE, mx DOUBLE, ex VARCHAR)`,
];

export const DATASETS_TABLE = 'fl_datasets';

const FIELD_TYPE_OF = Object.fromEntries(Object.entries(SQL_TYPES).map(([type, sql]) => [sql, type as FieldType]));
export { TRACE_INDEX_TABLES } from './trace-index.ts';
export const EDGE_TOTALS_TABLE = 'fl_edge_totals';

export async function createCatalogTables(connection: DuckDBConnection): Promise<void> {
  await createTables(connection, CATALOG_DDL);
  await upgradeTraceIndex(connection);
}

export async function loadCatalog(connection: DuckDBConnection): Promise<Catalog> {
  const catalog = new Catalog();

  const datasets = await connection.runAndReadAll(
    `SELECT environment, name, table_name, epoch_ms(created_at) AS created_at,
            epoch_ms(last_event_at) AS last_event_at FROM fl_datasets`,
  );
  const datasetsByTable = new Map<string, DatasetEntry>();
  for (const row of datasets.getRowObjectsJS()) {
    const table = row.table_name as string;
    const entry: DatasetEntry = {
      name: row.name as string,
      table,
      createdAt: Number(row.created_at),
      lastEventAt: row.last_event_at === null ? null : Number(row.last_event_at),
      columns: new Map(),
    };
    catalog.loadingEnvironment(row.environment as string).datasets.set(entry.name, entry);
    datasetsByTable.set(table, entry);
  }

  const fields = await connection.runAndReadAll(`SELECT environment, name, column_name FROM fl_fields`);
  for (const row of fields.getRowObjectsJS()) {
    catalog.loadingEnvironment(row.environment as string).fields.set(row.name as string, { name: row.name as string, column: row.column_name as string });
  }

  // Column order comes from the tables themselves: appends write columns in that order.
  const columns = await connection.runAndReadAll(
    `SELECT c.table_name, c.column_name, c.data_type, epoch_ms(f.first_seen) AS first_seen, epoch_ms(f.last_seen) AS last_seen
       FROM duckdb_columns() c
       JOIN fl_dataset_fields f ON f.table_name = c.table_name AND f.column_name = c.column_name
      WHERE c.database_name = current_database() AND c.schema_name = 'main'
      ORDER BY c.table_name, c.column_index`,
  );
  for (const row of columns.getRowObjectsJS()) {
    datasetsByTable.get(row.table_name as string)?.columns.set(row.column_name as string, {
      type: FIELD_TYPE_OF[row.data_type as string],
      firstSeen: Number(row.first_seen),
      lastSeen: Number(row.last_seen),
    });
  }
  return catalog;
}
