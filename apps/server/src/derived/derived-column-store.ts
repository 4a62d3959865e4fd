// Derived columns saved per dataset (or for every dataset of an environment): alias,
// expression and description, in a control table of their own; every change is committed
// with its audit entry.
import { randomBytes } from 'node:crypto';
import { and, asc, column, createTable, deleteFrom, eq, id, insert, select, star, table, val } from '@flashlight/query';
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

const DERIVED_COLUMNS = 'fl_derived_columns';

const CREATE_TABLE = createTable(
  DERIVED_COLUMNS,
  [
    column('environment', 'text', true),
    column('id', 'text', true),
    column('dataset', 'text', true),
    column('alias', 'text', true),
    column('expression', 'text', true),
    column('description', 'text', true),
    column('created_at_ms', 'bigint', true),
    column('updated_at_ms', 'bigint', true),
  ],
  ['environment', 'id'],
);

export function newDerivedColumnId(): string {
  return randomBytes(8).toString('base64url');
}

export class DerivedColumnStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly control: ControlStore) {}

  /** The environment's derived columns that apply to `datasets` (theirs and the environment-wide ones); all of them without `datasets`. */
  async list(environment: string, datasets?: readonly string[]): Promise<SavedDerivedColumn[]> {
    const rows = await this.transact((sql) =>
      sql.all(
        select({
          columns: [star()],
          from: table(DERIVED_COLUMNS),
          where: eq(id('environment'), val(environment)),
          orderBy: [asc(id('created_at_ms')), asc(id('id'))],
        }),
      ),
    );
    const columns = rows.map(columnOf);
    return datasets ? columns.filter((c) => c.dataset === EVERY_DATASET || datasets.includes(c.dataset)) : columns;
  }

  /** Inserts or replaces the column, with its audit entry, in one transaction. */
  put(column: SavedDerivedColumn, audit: AuditEntry): Promise<void> {
    return this.transact(async (sql) => {
      const row = {
        environment: val(column.environment),
        id: val(column.id),
        dataset: val(column.dataset),
        alias: val(column.alias),
        expression: val(column.expression),
        description: val(column.description),
        created_at_ms: val(column.createdAt.getTime()),
        updated_at_ms: val(column.updatedAt.getTime()),
      };
      await sql.run(insert(DERIVED_COLUMNS, [row], { replace: true }));
      await sql.audit(audit);
    });
  }

  /** False (and no audit entry) when the environment has no such column. */
  remove(environment: string, columnId: string, audit: AuditEntry): Promise<boolean> {
    return this.transact(async (sql) => {
      const removed = await sql.run(deleteFrom(DERIVED_COLUMNS, and(eq(id('environment'), val(environment)), eq(id('id'), val(columnId)))));
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
