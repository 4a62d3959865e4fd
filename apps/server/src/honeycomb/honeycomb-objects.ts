// What the Honeycomb API keeps that no native feature has a place for: saved query
// specs and their annotations, query results, declared datasets and columns, column
// descriptions, marker colours, and the Honeycomb-only fields of boards, triggers and
// SLOs. One control table, one JSON body per object, each change with its audit entry
// where someone changed the setup.
import { randomBytes } from 'node:crypto';
import { and, asc, column, createTable, deleteFrom, eq, id, insert, op, select, star, table, val, type Expr } from '@flashlight/query';
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

const OBJECTS = 'fl_honeycomb_objects';

const CREATE_TABLE = createTable(
  OBJECTS,
  [
    column('kind', 'text', true),
    column('environment', 'text', true),
    column('id', 'text', true),
    column('dataset', 'text', true),
    column('body', 'text', true),
    column('created_at_ms', 'bigint', true),
    column('updated_at_ms', 'bigint', true),
  ],
  ['kind', 'environment', 'id'],
);

const is = (name: string, value: string): Expr => eq(id(name), val(value));

/** Honeycomb's ids are short opaque strings; these are 11 URL-safe characters, as theirs. */
export function newHoneycombId(): string {
  return randomBytes(8).toString('base64url');
}

export class HoneycombObjects {
  private ready: Promise<void> | undefined;

  constructor(private readonly control: ControlStore) {}

  async list<T>(kind: HoneycombKind, environment: string, dataset?: string): Promise<HoneycombObject<T>[]> {
    const where = and(is('kind', kind), is('environment', environment), ...(dataset === undefined ? [] : [is('dataset', dataset)]));
    const rows = await this.transact((sql) =>
      sql.all(select({ columns: [star()], from: table(OBJECTS), where, orderBy: [asc(id('created_at_ms')), asc(id('id'))] })),
    );
    return rows.map((row) => objectOf<T>(row));
  }

  async get<T>(kind: HoneycombKind, environment: string, objectId: string): Promise<HoneycombObject<T> | undefined> {
    const rows = await this.transact((sql) => sql.all(select({ columns: [star()], from: table(OBJECTS), where: objectIs(kind, environment, objectId) })));
    return rows.length > 0 ? objectOf<T>(rows[0]) : undefined;
  }

  /** Inserts or replaces the object; with its audit entry in the same transaction when one is given. */
  put<T>(object: HoneycombObject<T>, audit: AuditEntry | null = null): Promise<void> {
    return this.transact(async (sql) => {
      const row = {
        kind: val(object.kind),
        environment: val(object.environment),
        id: val(object.id),
        dataset: val(object.dataset),
        body: val(JSON.stringify(object.body)),
        created_at_ms: val(object.createdAt.getTime()),
        updated_at_ms: val(object.updatedAt.getTime()),
      };
      await sql.run(insert(OBJECTS, [row], { replace: true }));
      if (audit) await sql.audit(audit);
    });
  }

  /** False (and no audit entry) when there was no such object. */
  remove(kind: HoneycombKind, environment: string, objectId: string, audit: AuditEntry | null = null): Promise<boolean> {
    return this.transact(async (sql) => {
      const removed = await sql.run(deleteFrom(OBJECTS, objectIs(kind, environment, objectId)));
      if (removed > 0 && audit) await sql.audit(audit);
      return removed > 0;
    });
  }

  /** Drops objects of the kind last changed before `before` (query results expire). */
  prune(kind: HoneycombKind, before: Date): Promise<number> {
    return this.transact((sql) => sql.run(deleteFrom(OBJECTS, and(is('kind', kind), op('<', id('updated_at_ms'), val(before.getTime()))))));
  }

  private async transact<T>(work: (sql: ControlSql) => Promise<T>): Promise<T> {
    this.ready ??= this.control.transact(async (sql) => {
      await sql.run(CREATE_TABLE);
    });
    await this.ready;
    return this.control.transact(work);
  }
}

function objectIs(kind: HoneycombKind, environment: string, objectId: string): Expr {
  return and(is('kind', kind), is('environment', environment), is('id', objectId));
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
