// Field types were once registered per environment: a column `<column>` of fl_field_types
// gave the field's type in every dataset. They are registered per dataset now, as
// `<table>_<column>` (catalog-tables.ts). At start, each dataset column registered the old
// way only is registered the new way with the type it has, so data written before keeps
// answering as it did. Safe to repeat and to race: a column another server registered
// first is left as it is.
import { clickHouseStringLiteral } from '@flashlight/query';
import type { Logger } from '../../logger.ts';
import { addMissingColumns, type ClickHouseNodes, type ColumnSpec } from './clickhouse-nodes.ts';
import { DATASET_COLUMNS_TABLE, FIELD_TYPES_TABLE } from './catalog-tables.ts';
import { registryColumn } from './names.ts';

export async function migrateFieldTypes(nodes: ClickHouseNodes, log: Logger): Promise<void> {
  const [registry, columns] = await Promise.all([
    nodes.main.select(`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = ${clickHouseStringLiteral(FIELD_TYPES_TABLE)}`),
    nodes.main.select(`SELECT DISTINCT table_name, column_name FROM ${DATASET_COLUMNS_TABLE}`),
  ]);
  const types = new Map(registry.data.map((row) => [row.name as string, row.type as string]));
  const missing: ColumnSpec[] = [];
  const tables = new Set<string>();
  for (const row of columns.data) {
    const [table, column] = [row.table_name as string, row.column_name as string];
    const name = registryColumn(table, column);
    const type = types.get(column);
    if (types.has(name) || type === undefined) continue;
    missing.push({ name, type });
    tables.add(table);
  }
  if (missing.length === 0) return;
  await addMissingColumns(nodes.main, FIELD_TYPES_TABLE, missing);
  log.info(`field types are kept per dataset now: ${missing.length} columns of ${tables.size} datasets keep the type their environment gave them`);
}
