// Derived columns saved per dataset (or for every dataset of an environment): alias,
// expression and description, in a control table of their own; every change is committed
// with its audit entry.
import { randomBytes } from 'node:crypto';
import type { AuditEntry, ControlSql, ControlStore } from '../control/control-store.ts';

/** The dataset name of a derived column every dataset of the environment has. */
export const EVERY_DATASET = '__all__';

export interface SavedDerivedColumn {
  id: string;
  environment: string;
  /** A dataset's name, or EVERY_DATASET. */
  dataset: string;
  alias: string;
  expression: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS fl_derived_columns (
  environment VARCHAR NOT NULL, id VARCHAR NOT NULL, dataset VARCHAR NOT NULL, alias VARCHAR NOT NULL,
  expression VARCHAR NOT NULL, description VARCHAR NOT NULL, created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (environment, id))`;

export function newDerivedColumnId(): string {
  return randomBytes(8).toString('base64url');
}

export class DerivedColumnStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly control: ControlStore) {}

  /** The environment's derived columns that apply to `datasets` (theirs and the environment-wide ones); all of them without `datasets`. */
  async list(environment: string, datasets?: readonly string[]): Promise<SavedDerivedColumn[]> {
    const rows = await this.transact((sql) => sql.all(`SELECT * FROM fl_derived_columns WHERE environment = $1 ORDER BY created_at_ms, id`, [environment]));
    const columns = rows.map(columnOf);
    return datasets ? columns.filter((c) => c.dataset === EVERY_DATASET || datasets.includes(c.dataset)) : columns;
  }

  /** Inserts or replaces the column, with its audit entry, in one transaction. */
  put(column: SavedDerivedColumn, audit: AuditEntry): Promise<void> {
    return this.transact(async (sql) => {
      await sql.run(`INSERT OR REPLACE INTO fl_derived_columns VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        column.environment,
        column.id,
        column.dataset,
        column.alias,
        column.expression,
        column.description,
        column.createdAt.getTime(),
        column.updatedAt.getTime(),
      ]);
      await sql.audit(audit);
    });
  }

  /** False (and no audit entry) when the environment has no such column. */
  remove(environment: string, id: string, audit: AuditEntry): Promise<boolean> {
    return this.transact(async (sql) => {
      const removed = await sql.run(`DELETE FROM fl_derived_columns WHERE environment = $1 AND id = $2`, [environment, id]);
      if (removed > 0) await sql.audit(audit);
      return removed > 0;
    });
  }

  private async transact<T>(work: (sql: ControlSql) => Promise<T>): Promise<T> {
    this.ready ??= this.control.transact(async (sql) => {
      await sql.run(CREATE_TABLE);
    });
    await this.ready;
    return this.control.transact(work);
  }
}

function columnOf(row: Record<string, unknown>): SavedDerivedColumn {
  return {
    id: row.id as string,
    environment: row.environment as string,
    dataset: row.dataset as string,
    alias: row.alias as string,
    expression: row.expression as string,
    description: row.description as string,
    createdAt: new Date(Number(row.created_at_ms)),
    updatedAt: new Date(Number(row.updated_at_ms)),
  };
}
