// What the Honeycomb API keeps that no native feature has a place for: saved query
// specs and their annotations, query results, declared datasets and columns, column
// descriptions, marker colours, and the Honeycomb-only fields of boards, triggers and
// SLOs. One control table, one JSON body per object, each change with its audit entry
// where someone changed the setup.
import { randomBytes } from 'node:crypto';
import type { AuditEntry, ControlSql, ControlStore } from '../control/control-store.ts';

export type HoneycombKind = 'query' | 'query_annotation' | 'query_result' | 'dataset' | 'column' | 'marker_setting' | 'recipient' | 'board' | 'trigger' | 'slo';

export interface HoneycombObject<T = Record<string, unknown>> {
  kind: HoneycombKind;
  environment: string;
  id: string;
  /** The dataset it belongs to; `__all__` for environment-wide objects. */
  dataset: string;
  body: T;
  createdAt: Date;
  updatedAt: Date;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS fl_honeycomb_objects (
  kind VARCHAR NOT NULL, environment VARCHAR NOT NULL, id VARCHAR NOT NULL, dataset VARCHAR NOT NULL,
  body VARCHAR NOT NULL, created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (kind, environment, id))`;

/** Honeycomb's ids are short opaque strings; these are 11 URL-safe characters, as theirs. */
export function newHoneycombId(): string {
  return randomBytes(8).toString('base64url');
}

export class HoneycombObjects {
  private ready: Promise<void> | undefined;

  constructor(private readonly control: ControlStore) {}

  async list<T>(kind: HoneycombKind, environment: string, dataset?: string): Promise<HoneycombObject<T>[]> {
    const rows = await this.transact((sql) =>
      sql.all(`SELECT * FROM fl_honeycomb_objects WHERE kind = $1 AND environment = $2 AND ($3::VARCHAR IS NULL OR dataset = $3) ORDER BY created_at_ms, id`, [
        kind,
        environment,
        dataset ?? null,
      ]),
    );
    return rows.map((row) => objectOf<T>(row));
  }

  async get<T>(kind: HoneycombKind, environment: string, id: string): Promise<HoneycombObject<T> | undefined> {
    const rows = await this.transact((sql) =>
      sql.all(`SELECT * FROM fl_honeycomb_objects WHERE kind = $1 AND environment = $2 AND id = $3`, [kind, environment, id]),
    );
    return rows.length > 0 ? objectOf<T>(rows[0]) : undefined;
  }

  /** Inserts or replaces the object; with its audit entry in the same transaction when one is given. */
  put<T>(object: HoneycombObject<T>, audit: AuditEntry | null = null): Promise<void> {
    return this.transact(async (sql) => {
      await sql.run(`INSERT OR REPLACE INTO fl_honeycomb_objects VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        object.kind,
        object.environment,
        object.id,
        object.dataset,
        JSON.stringify(object.body),
        object.createdAt.getTime(),
        object.updatedAt.getTime(),
      ]);
      if (audit) await sql.audit(audit);
    });
  }

  /** False (and no audit entry) when there was no such object. */
  remove(kind: HoneycombKind, environment: string, id: string, audit: AuditEntry | null = null): Promise<boolean> {
    return this.transact(async (sql) => {
      const removed = await sql.run(`DELETE FROM fl_honeycomb_objects WHERE kind = $1 AND environment = $2 AND id = $3`, [kind, environment, id]);
      if (removed > 0 && audit) await sql.audit(audit);
      return removed > 0;
    });
  }

  /** Drops objects of the kind last changed before `before` (query results expire). */
  prune(kind: HoneycombKind, before: Date): Promise<number> {
    return this.transact((sql) => sql.run(`DELETE FROM fl_honeycomb_objects WHERE kind = $1 AND updated_at_ms < $2`, [kind, before.getTime()]));
  }

  private async transact<T>(work: (sql: ControlSql) => Promise<T>): Promise<T> {
    this.ready ??= this.control.transact(async (sql) => {
      await sql.run(CREATE_TABLE);
    });
    await this.ready;
    return this.control.transact(work);
  }
}

function objectOf<T>(row: Record<string, unknown>): HoneycombObject<T> {
  return {
    kind: row.kind as HoneycombKind,
    environment: row.environment as string,
    id: row.id as string,
    dataset: row.dataset as string,
    body: JSON.parse(row.body as string) as T,
    createdAt: new Date(Number(row.created_at_ms)),
    updatedAt: new Date(Number(row.updated_at_ms)),
  };
}
