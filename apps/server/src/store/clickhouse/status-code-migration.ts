// The once-only rewrite of text `status_code` to Honeycomb's number (../status-code-migration.ts)
// on ClickHouse, before the store takes writes. Without transactions it is made safe to
// repeat instead: a server that stops half-way, or two that start together, leave the same
// result. Other text is copied to the companion first, then every value is rewritten in
// place by a mutation on each shard (numbers as their text), and last the column changes
// type in each dataset, and its registered type with it. Only generated names and constants enter SQL.
import { setTimeout as sleep } from 'node:timers/promises';
import { clickHouseStringLiteral } from '@flashlight/query';
import type { Catalog } from '../catalog.ts';
import type { Logger } from '../../logger.ts';
import { STATUS_CODE_BY_NAME } from '../../events/span-status.ts';
import { migrationLogLine, STATUS_CODE_MIGRATION, statusCodeMigrations } from '../status-code-migration.ts';
import type { ClickHouseHttp } from './clickhouse-http.ts';
import { addMissingColumns, COLUMN_TYPES, type ClickHouseNodes } from './clickhouse-nodes.ts';
import { DATASET_COLUMNS_TABLE, FIELD_TYPES_TABLE, FIELDS_TABLE, retypeDatasetColumn } from './catalog-tables.ts';
import { clickHouseNaming, registryColumn } from './names.ts';

const MUTATION_POLL_MS = 100;

const MIGRATIONS_TABLE = 'fl_migrations';

/** Rewrites what needs it, unless done before; true when it changed the catalog (reload it). */
export async function migrateStatusCode(nodes: ClickHouseNodes, catalog: Catalog, log: Logger): Promise<boolean> {
  await nodes.main.command(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (name String, done_at Int64) ENGINE = MergeTree() ORDER BY name`);
  const done = await nodes.main.select(`SELECT count() AS n FROM ${MIGRATIONS_TABLE} WHERE name = ${clickHouseStringLiteral(STATUS_CODE_MIGRATION)}`);
  if (Number(done.data[0].n) > 0) return false;
  const migrations = statusCodeMigrations(catalog);
  for (const migration of migrations) {
    const column = migration.field.column;
    const text = `ifNull(${column}, '')`;
    const named = Object.entries(STATUS_CODE_BY_NAME).flatMap(([name, code]) => [`${text} = '${name}'`, `'${code}'`]);
    // Text that spells an integer exactly (as the type rules read it) is that integer.
    const spellsInteger = `toString(toInt64OrZero(${text})) = ${text}`;
    const asNumberText = `multiIf(${named.join(', ')}, ${spellsInteger}, ${text}, NULL)`;
    const other = `${column} IS NOT NULL AND NOT (${text} IN (${Object.keys(STATUS_CODE_BY_NAME)
      .map((n) => `'${n}'`)
      .join(', ')}) OR ${spellsInteger})`;

    let moved = 0;
    for (const dataset of migration.datasets) {
      const { data } = await nodes.main.select(`SELECT count() AS n FROM ${dataset.table} WHERE ${other}`);
      moved += Number(data[0].n);
    }
    if (moved > 0) {
      const companion = migration.companion?.column ?? (await registerCompanion(nodes, migration.environment, migration.companionName));
      const now = Date.now();
      for (const dataset of migration.datasets) {
        await addMissingColumns(nodes.main, FIELD_TYPES_TABLE, [{ name: registryColumn(dataset.table, companion), type: COLUMN_TYPES.string }]);
        await nodes.addColumns(dataset.table, [{ name: companion, type: COLUMN_TYPES.string }]);
        if (!dataset.columns.has(companion)) {
          await nodes.main.insert(
            DATASET_COLUMNS_TABLE,
            JSON.stringify({ table_name: dataset.table, column_name: companion, first_seen: now, last_seen: now }),
          );
        }
        await mutateEveryShard(nodes, dataset.table, `UPDATE ${companion} = ${column} WHERE ${other} AND ${companion} IS NULL`);
      }
    }
    for (const dataset of migration.datasets) {
      await mutateEveryShard(nodes, dataset.table, `UPDATE ${column} = ${asNumberText} WHERE ${column} IS NOT NULL`);
    }
    for (const dataset of migration.datasets) await retypeDatasetColumn(nodes, dataset.table, column, 'integer');
    log.info(migrationLogLine(migration, moved));
  }
  // Noted only once all is done: a server stopped before then does it all again, harmlessly.
  await nodes.main.insert(MIGRATIONS_TABLE, JSON.stringify({ name: STATUS_CODE_MIGRATION, done_at: Date.now() }));
  return migrations.length > 0;
}

/** The companion field's name, registered as a commit registers a new field. */
async function registerCompanion(nodes: ClickHouseNodes, environment: string, name: string): Promise<string> {
  const column = clickHouseNaming.column(environment, name);
  await nodes.main.insert(FIELDS_TABLE, JSON.stringify({ environment, name, column_name: column }));
  return column;
}

/** Runs a mutation on the table's MergeTree on every shard and waits until each has applied it. */
async function mutateEveryShard(nodes: ClickHouseNodes, table: string, mutation: string): Promise<void> {
  const local = nodes.localTable(table);
  for (const node of nodes.nodes) await node.command(`ALTER TABLE ${local} ${mutation}`);
  for (const node of nodes.nodes) await mutationsDone(node, local);
}

async function mutationsDone(node: ClickHouseHttp, table: string): Promise<void> {
  for (;;) {
    const { data } = await node.select(
      `SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND table = ${clickHouseStringLiteral(table)} AND is_done = 0`,
    );
    if (Number(data[0].n) === 0) return;
    await sleep(MUTATION_POLL_MS);
  }
}
