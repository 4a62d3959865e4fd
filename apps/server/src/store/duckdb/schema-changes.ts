// The DDL and catalog rows a commit plan needs, found by comparing the draft catalog with
// the committed one. Only generated names (`ds_3`, `f12`) enter the SQL text; field and
// dataset names travel as parameters.
import type { DuckDBValue } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import type { FieldType } from '@flashlight/query';
import type { CommitPlan } from '../commit-plan.ts';

export interface SqlStatement {
  sql: string;
  params: DuckDBValue[];
  /**
   * Set when it only moves a last-seen time forward (never back, so it may run late): of
   * these columns of the table, or with no columns of the dataset's last event. No later
   * commit depends on it.
   */
  seen?: SeenTime;
}

export interface SeenTime {
  table: string;
  columns: readonly string[] | null;
  /** µs since the epoch. */
  us: number;
}

export const SQL_TYPES: Record<FieldType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  float: 'DOUBLE',
  boolean: 'BOOLEAN',
};

const micros = (ms: number) => Math.round(ms * 1000);

/** Statements in the order they must run: tables, widened columns, new columns, catalog rows. */
export function schemaStatements(plan: CommitPlan): SqlStatement[] {
  const { draft, now } = plan;
  const tables: SqlStatement[] = [];
  const widenings: SqlStatement[] = [];
  const newColumns: SqlStatement[] = [];
  const catalogRows: SqlStatement[] = [];

  for (const [environment, env] of draft.environments()) {
    const committed = draft.base.environments.get(environment);
    for (const field of env.fields.values()) {
      if (!committed?.fields.has(field.name)) {
        catalogRows.push({ sql: 'INSERT INTO fl_fields VALUES ($1, $2, $3)', params: [environment, field.name, field.column] });
      }
    }

    for (const dataset of env.datasets.values()) {
      const before = committed?.datasets.get(dataset.name);
      if (before === dataset) continue;
      if (!before) {
        tables.push({ sql: `CREATE TABLE ${dataset.table} (ts TIMESTAMP NOT NULL, sample_rate DOUBLE NOT NULL)`, params: [] });
        catalogRows.push({
          sql: 'INSERT INTO fl_datasets VALUES ($1, $2, $3, make_timestamp($4::BIGINT), NULL)',
          params: [environment, dataset.name, dataset.table, micros(dataset.createdAt)],
        });
      }
      const refreshed: string[] = [];
      for (const [column, seen] of dataset.columns) {
        const old = before?.columns.get(column);
        if (old) {
          if (old.type !== seen.type) widenings.push({ sql: `ALTER TABLE ${dataset.table} ALTER COLUMN ${column} TYPE ${SQL_TYPES[seen.type]}`, params: [] });
          if (seen.lastSeen === now) refreshed.push(column);
          continue;
        }
        newColumns.push({ sql: `ALTER TABLE ${dataset.table} ADD COLUMN ${column} ${SQL_TYPES[seen.type]}`, params: [] });
        catalogRows.push({
          sql: 'INSERT INTO fl_dataset_fields VALUES ($1, $2, make_timestamp($3::BIGINT), make_timestamp($3::BIGINT))',
          params: [dataset.table, column, micros(seen.firstSeen)],
        });
      }
      if (refreshed.length > 0) {
        catalogRows.push({
          sql: `UPDATE fl_dataset_fields SET last_seen = greatest(last_seen, make_timestamp($2::BIGINT))
                 WHERE table_name = $1 AND list_contains($3, column_name)`,
          params: [dataset.table, micros(now), listValue(refreshed)],
          seen: { table: dataset.table, columns: refreshed, us: micros(now) },
        });
      }
      if (dataset.lastEventAt !== before?.lastEventAt && dataset.lastEventAt !== null) {
        catalogRows.push({
          sql: 'UPDATE fl_datasets SET last_event_at = greatest(last_event_at, make_timestamp($2::BIGINT)) WHERE table_name = $1',
          params: [dataset.table, micros(dataset.lastEventAt)],
          seen: { table: dataset.table, columns: null, us: micros(dataset.lastEventAt) },
        });
      }
    }
  }
  return [...tables, ...widenings, ...newColumns, ...catalogRows];
}
