// The catalog kept in ClickHouse itself, on the first node (the trace index sharded over
// all of them), so every Flashlight server sharing the cluster reads the same mapping.
// ClickHouse has no transactions, so each table only ever gains rows, every read folds
// them (min/max per key), and a repeated row changes nothing: concurrent servers converge.
//
// Names are deterministic (names.ts), so two servers that meet a new dataset or field at
// once choose the same table or column. A field's type in a dataset is settled by
// compare-and-set: the first `ALTER TABLE fl_field_types ADD COLUMN <table>_<column> <type>`
// wins, a second fails as a duplicate, and its server reloads the catalog and places its
// values again (a value of the other type goes to the companion field, as on DuckDB).
import { clickHouseStringLiteral, type FieldType } from '@flashlight/query';
import { Catalog, type ColumnSeen } from '../catalog.ts';
import { COLUMN_TYPES, DAY_PARTITION, fieldTypeOfColumn, type ClickHouseNodes } from './clickhouse-nodes.ts';
import { registryColumn } from './names.ts';

export const DATASETS_TABLE = 'fl_datasets';
export const FIELDS_TABLE = 'fl_fields';
/** One column per dataset column, of the field's type there: the compare-and-set of field types. */
export const FIELD_TYPES_TABLE = 'fl_field_types';
export const DATASET_COLUMNS_TABLE = 'fl_dataset_columns';
export const TRACE_INDEX_TABLE = 'fl_trace_index';

const CATALOG_DDL = [
  `CREATE TABLE IF NOT EXISTS ${DATASETS_TABLE} (environment String, name String, table_name String,
     created_at Int64, last_event_at Int64) ENGINE = ReplacingMergeTree(last_event_at) ORDER BY (environment, name)`,
  `CREATE TABLE IF NOT EXISTS ${FIELDS_TABLE} (environment String, name String, column_name String)
     ENGINE = ReplacingMergeTree() ORDER BY (environment, name)`,
  `CREATE TABLE IF NOT EXISTS ${FIELD_TYPES_TABLE} (created UInt8) ENGINE = MergeTree() ORDER BY tuple()`,
  `CREATE TABLE IF NOT EXISTS ${DATASET_COLUMNS_TABLE} (table_name String, column_name String,
     first_seen Int64, last_seen Int64) ENGINE = ReplacingMergeTree(last_seen) ORDER BY (table_name, column_name)`,
];

export async function createCatalogTables(nodes: ClickHouseNodes): Promise<void> {
  for (const ddl of CATALOG_DDL) await nodes.main.command(ddl);
  // One row per trace, table and commit: the busiest catalog table, so it is sharded, a
  // trace's rows on one shard. Partitioned by day like the events it points at.
  await nodes.createShardedTable(TRACE_INDEX_TABLE, {
    columns: 'environment String, trace_id String, table_name String, min_ts Int64, max_ts Int64',
    engine: `MergeTree() PARTITION BY ${DAY_PARTITION('min_ts')} ORDER BY (environment, trace_id)`,
    shardingKey: 'cityHash64(trace_id)',
  });
}

/**
 * Reads the whole catalog; times are ms since the epoch, as the in-memory catalog keeps
 * them. Datasets come in the order they were created, fields by name.
 */
export async function loadCatalog(nodes: ClickHouseNodes): Promise<Catalog> {
  const db = nodes.main;
  const [datasets, fields, types, columns] = await Promise.all([
    db.select(
      `SELECT environment, name, any(table_name) AS table_name, min(created_at) AS created_at,
              max(last_event_at) AS last_event_at FROM ${DATASETS_TABLE} GROUP BY environment, name ORDER BY created_at, name`,
    ),
    db.select(`SELECT environment, name, any(column_name) AS column_name FROM ${FIELDS_TABLE} GROUP BY environment, name ORDER BY name`),
    db.select(`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = ${clickHouseStringLiteral(FIELD_TYPES_TABLE)}`),
    db.select(
      `SELECT table_name, column_name, min(first_seen) AS first_seen, max(last_seen) AS last_seen
         FROM ${DATASET_COLUMNS_TABLE} GROUP BY table_name, column_name ORDER BY table_name, first_seen, column_name`,
    ),
  ]);

  const catalog = new Catalog();
  const registered = new Map<string, FieldType>();
  for (const row of types.data) {
    const type = fieldTypeOfColumn(row.type as string);
    if (type) registered.set(row.name as string, type);
  }
  for (const row of fields.data) {
    catalog.loadingEnvironment(row.environment as string).fields.set(row.name as string, { name: row.name as string, column: row.column_name as string });
  }
  const byTable = new Map<string, Map<string, ColumnSeen>>();
  for (const row of datasets.data) {
    const table = row.table_name as string;
    const entry = {
      name: row.name as string,
      table,
      createdAt: Number(row.created_at),
      lastEventAt: Number(row.last_event_at) > 0 ? Number(row.last_event_at) : null,
      columns: new Map<string, ColumnSeen>(),
    };
    catalog.loadingEnvironment(row.environment as string).datasets.set(entry.name, entry);
    byTable.set(table, entry.columns);
  }
  // A column whose type is not registered lost its server before the compare-and-set: it
  // does not exist yet, and the next value of its field registers it again.
  for (const row of columns.data) {
    const type = registered.get(registryColumn(row.table_name as string, row.column_name as string));
    if (type === undefined) continue;
    byTable.get(row.table_name as string)?.set(row.column_name as string, {
      type,
      firstSeen: Number(row.first_seen),
      lastSeen: Number(row.last_seen),
    });
  }
  return catalog;
}

/** Widens a dataset's column: its tables on every node, then its registered type. */
export async function retypeDatasetColumn(nodes: ClickHouseNodes, table: string, column: string, type: FieldType): Promise<void> {
  await nodes.retypeColumn(table, { name: column, type: COLUMN_TYPES[type] });
  await nodes.main.command(`ALTER TABLE ${FIELD_TYPES_TABLE} MODIFY COLUMN ${registryColumn(table, column)} ${COLUMN_TYPES[type]}`);
}
