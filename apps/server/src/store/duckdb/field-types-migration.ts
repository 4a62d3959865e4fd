// Field types were once kept per environment (fl_fields.type), and every dataset's column
// of a field had that type. They are kept per dataset now, as the type of the column in
// the dataset's table (catalog-tables.ts), so a file written before needs no rewrite: its
// columns already hold their types. The environment-wide type is dropped, once, at start.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from '../../logger.ts';

export async function migrateFieldTypes(connection: DuckDBConnection, log: Logger): Promise<void> {
  const legacy = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'
        AND table_name = 'fl_fields' AND column_name = 'type'`,
  );
  if (Number(legacy.getRowObjectsJS()[0].n) === 0) return;
  const fields = await connection.runAndReadAll('SELECT count(*) AS n, count(DISTINCT environment) AS environments FROM fl_fields');
  const { n, environments } = fields.getRowObjectsJS()[0];
  await connection.run('ALTER TABLE fl_fields DROP COLUMN type');
  const where = Number(environments) === 1 ? '1 environment' : `${Number(environments)} environments`;
  log.info(`field types are kept per dataset now: ${Number(n)} fields in ${where} keep, in each dataset, the type they had`);
}
