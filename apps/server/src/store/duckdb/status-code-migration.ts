// The once-only rewrite of text `status_code` to Honeycomb's number (../status-code-migration.ts)
// on DuckDB: one transaction, before the store takes writes, so it is whole or absent,
// and noted in fl_migrations in that same transaction.
// Only generated names (`ds_3`, `f12`) and constants enter the SQL text.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../catalog.ts';
import type { Logger } from '../../logger.ts';
import { STATUS_CODE_BY_NAME } from '../../events/span-status.ts';
import { migrationLogLine, STATUS_CODE_MIGRATION, statusCodeMigrations } from '../status-code-migration.ts';
import type { DuckDbNaming } from './names.ts';

/** Rewrites what needs it, unless done before; true when it changed the catalog (reload it). */
export async function migrateStatusCode(connection: DuckDBConnection, catalog: Catalog, naming: DuckDbNaming, log: Logger): Promise<boolean> {
  await connection.run('CREATE TABLE IF NOT EXISTS fl_migrations (name VARCHAR NOT NULL, done_at TIMESTAMP NOT NULL)');
  const done = await connection.runAndReadAll('SELECT count(*) AS n FROM fl_migrations WHERE name = $1', [STATUS_CODE_MIGRATION]);
  if (Number(done.getRowObjectsJS()[0].n) > 0) return false;
  const migrations = statusCodeMigrations(catalog);
  const nowUs = Date.now() * 1000;
  const lines: string[] = [];
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const migration of migrations) {
      const column = migration.field.column;
      const named = Object.entries(STATUS_CODE_BY_NAME)
        .map(([name, code]) => `WHEN '${name}' THEN ${code}`)
        .join(' ');
      // Text that spells an integer exactly (as the type rules read it) is that integer.
      const asNumber = `CASE ${column} ${named} ELSE (CASE WHEN CAST(TRY_CAST(${column} AS BIGINT) AS VARCHAR) = ${column} THEN TRY_CAST(${column} AS BIGINT) END) END`;
      const other = `${column} IS NOT NULL AND (${asNumber}) IS NULL`;
      let moved = 0;
      for (const dataset of migration.datasets) {
        const result = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${dataset.table} WHERE ${other}`);
        moved += Number(result.getRowObjectsJS()[0].n);
      }
      if (moved > 0) {
        let companion = migration.companion?.column;
        if (companion === undefined) {
          companion = naming.column();
          await connection.run('INSERT INTO fl_fields VALUES ($1, $2, $3)', [migration.environment, migration.companionName, companion]);
        }
        for (const dataset of migration.datasets) {
          if (!dataset.columns.has(companion)) {
            await connection.run(`ALTER TABLE ${dataset.table} ADD COLUMN ${companion} VARCHAR`);
            await connection.run('INSERT INTO fl_dataset_fields VALUES ($1, $2, make_timestamp($3::BIGINT), make_timestamp($3::BIGINT))', [
              dataset.table,
              companion,
              nowUs,
            ]);
          }
          // Filled by a retype rather than an UPDATE: DuckDB cannot commit a transaction that
          // adds a column, updates the table and then retypes a column of it.
          await connection.run(
            `ALTER TABLE ${dataset.table} ALTER COLUMN ${companion} SET DATA TYPE VARCHAR USING (coalesce(${companion}, CASE WHEN ${other} THEN ${column} END))`,
          );
        }
      }
      for (const dataset of migration.datasets) {
        await connection.run(`ALTER TABLE ${dataset.table} ALTER COLUMN ${column} SET DATA TYPE BIGINT USING (${asNumber})`);
      }
      lines.push(migrationLogLine(migration, moved));
    }
    await connection.run('INSERT INTO fl_migrations VALUES ($1, make_timestamp($2::BIGINT))', [STATUS_CODE_MIGRATION, nowUs]);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
  for (const line of lines) log.info(line);
  return migrations.length > 0;
}
